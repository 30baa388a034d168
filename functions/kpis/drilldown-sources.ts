/**
 * Where each KPI's rows come from: the fact table (or a fixed join) behind its parts, the
 * site-local day (or month) column its parts are grouped by, and the filter its parts apply —
 * as in the `int_kpi_*` models, so the rows behind a point are the ones that made it.
 */

export interface DrilldownSource {
  /** A table name or a fixed subquery. */
  readonly from: string;
  /** The day (or month) column the KPI groups by. */
  readonly dateColumn: string;
  readonly where?: string;
  /** The column holding the breakdown value (for KPIs published by a breakdown). */
  readonly breakdownColumn?: string;
  /** Default sort column. */
  readonly orderBy: string;
}

const ORDERS_DUE = 'fct_orders';
const LINES_DUE = `(select lines.*, orders.promised_date
  from fct_order_lines as lines
  inner join fct_orders as orders on lines.order_id = orders.order_id
  where not orders.is_cancelled)`;

/** Shipments on-time delivery counts: delivered (by delivery day) or in exception (by promised day). */
const SHIPMENTS_DUE = `(select *, case when is_delivered then delivery_date else promised_date end as on_time_date
  from fct_shipments
  where is_delivered or shipment_status = 'exception')`;

export const DRILLDOWN_SOURCES: Readonly<Record<string, DrilldownSource>> = {
  order_to_delivery_h: {
    from: 'fct_orders',
    dateColumn: 'delivery_date',
    where: 'order_to_delivery_hours is not null and not is_cancelled',
    orderBy: 'order_id',
  },
  order_to_ship_h: {
    from: 'fct_orders',
    dateColumn: 'completed_date',
    where: 'is_complete and not is_cancelled',
    orderBy: 'order_id',
  },
  dock_to_stock_h: {
    from: 'fct_receipts',
    dateColumn: 'put_away_date',
    where: 'put_away_at is not null',
    orderBy: 'receipt_id',
  },
  units_shipped: {
    from: 'fct_order_events',
    dateColumn: 'event_date',
    where: "event_type = 'shipped'",
    orderBy: 'event_id',
  },
  on_time_delivery_rate: { from: SHIPMENTS_DUE, dateColumn: 'on_time_date', orderBy: 'shipment_id' },
  carrier_on_time_rate: {
    from: SHIPMENTS_DUE,
    dateColumn: 'on_time_date',
    breakdownColumn: 'carrier_id',
    orderBy: 'shipment_id',
  },
  otif_rate: { from: ORDERS_DUE, dateColumn: 'promised_date', where: 'not is_cancelled', orderBy: 'order_id' },
  perfect_order_rate: { from: ORDERS_DUE, dateColumn: 'promised_date', where: 'not is_cancelled', orderBy: 'order_id' },
  line_fill_rate: { from: LINES_DUE, dateColumn: 'promised_date', orderBy: 'order_id' },
  defect_rate: { from: 'fct_quality_checks', dateColumn: 'check_date', orderBy: 'check_id' },
  first_time_right_rate: { from: 'fct_quality_checks', dateColumn: 'check_date', orderBy: 'check_id' },
  return_rate: { from: 'fct_returns', dateColumn: 'received_date', orderBy: 'return_id' },
  returns_cycle_time_h: {
    from: 'fct_returns',
    dateColumn: 'disposition_date',
    where: 'dispositioned_at is not null',
    orderBy: 'return_id',
  },
  inventory_record_accuracy: { from: 'fct_inventory_counts', dateColumn: 'count_date', orderBy: 'count_id' },
  shrinkage_rate: { from: 'fct_inventory_counts', dateColumn: 'count_date', orderBy: 'count_id' },
  units_per_labor_hour: { from: 'fct_labour_daily', dateColumn: 'work_date', orderBy: 'labour_type' },
  overtime_rate: { from: 'fct_labour_daily', dateColumn: 'work_date', orderBy: 'labour_type' },
  schedule_adherence: { from: 'fct_labour_daily', dateColumn: 'work_date', orderBy: 'labour_type' },
  schedule_attainment: { from: 'fct_labour_daily', dateColumn: 'work_date', orderBy: 'labour_type' },
  recordable_incidents: {
    from: 'fct_safety_incidents',
    dateColumn: 'incident_date',
    where: 'is_recordable',
    orderBy: 'incident_id',
  },
  trir: { from: 'fct_safety_incidents', dateColumn: 'incident_date', where: 'is_recordable', orderBy: 'incident_id' },
  nps: { from: 'fct_customer_feedback', dateColumn: 'response_date', orderBy: 'response_id' },
  cost_per_order: { from: 'fct_costs_monthly', dateColumn: 'month_start', orderBy: 'cost_category' },
  budget_variance_pct: {
    from: 'fct_costs_monthly',
    dateColumn: 'month_start',
    breakdownColumn: 'cost_category',
    orderBy: 'cost_category',
  },
  vendor_billing_variance_pct: { from: 'fct_vendor_billing', dateColumn: 'service_month', orderBy: 'invoice_id' },
  turnover_rate: { from: 'fct_headcount_monthly', dateColumn: 'month_start', orderBy: 'site_id' },
};
