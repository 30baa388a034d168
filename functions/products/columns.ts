/**
 * The columns of every data-product table (docs/dashboard.md, docs/report.md): header and cell
 * text, written once for the dashboard's /products page and the report's section 7. Values go
 * through the KPI registry's formatter (functions/charts/format.ts) by unit, so a rate reads
 * "94.0%" here as on a tile. No DOM, no Node: the dashboard serves this file to the browser with
 * its types stripped (functions/serve/assets.ts), next to the chart modules it imports.
 */
import { formatAmount, formatChange, formatValue } from '../charts/format.js';

export type ProductCellValue = string | number | boolean | bigint | null | undefined;
export type ProductTableRow = Readonly<Record<string, ProductCellValue>>;

/** What a cell needs beyond its row: for the action register's KPI values, the KPI's unit and currency. */
export interface CellContext {
  readonly unitOf: (kpi: string) => string | undefined;
  /** The reporting currency, which KPI amounts are in at every scope (kpi_monthly.currency_code). */
  readonly currency: string | null;
}

export interface ProductColumn {
  readonly header: string;
  readonly cell: (row: ProductTableRow, ctx: CellContext) => string;
}

export interface ProductTable {
  readonly caption: string;
  /** A stable name for the table (the page's data-testid). */
  readonly id: string;
  readonly columns: readonly ProductColumn[];
}

const EMPTY = '–';
const num = (v: ProductCellValue): number | null => (v === null || v === undefined ? null : Number(v));

/** The value as it is (ids, names, counts, days). */
const text = (header: string, key: string): ProductColumn => ({
  header,
  cell: (row) => {
    const v = row[key];
    return v === null || v === undefined ? EMPTY : String(v);
  },
});

/** A value in a registry unit (ratio, hours, units…). */
const inUnit = (header: string, key: string, unit: string): ProductColumn => ({
  header,
  cell: (row) => formatValue(num(row[key]), unit),
});

/** An amount, followed by the currency the row names: amounts in different currencies never mix. */
const money = (header: string, key: string, currencyKey = 'currency_code'): ProductColumn => ({
  header,
  cell: (row) => {
    const currency = row[currencyKey];
    return formatAmount(num(row[key]), 'currency', currency ? String(currency) : null);
  },
});

/** A value in the unit of the KPI the row names (kpi column); an amount with the reporting currency. */
const kpiValue = (header: string, key: string, change = false): ProductColumn => ({
  header,
  cell: (row, ctx) => {
    const unit = ctx.unitOf(String(row.kpi)) ?? '';
    if (!change) return formatAmount(num(row[key]), unit, ctx.currency);
    const text = formatChange(num(row[key]), unit);
    return unit === 'currency' && ctx.currency && text !== EMPTY ? `${text} ${ctx.currency}` : text;
  },
});

/** Expected impact ÷ cost has no registry unit (KPI unit per currency unit): fixed decimals. */
const perCost = (header: string, key: string): ProductColumn => ({
  header,
  cell: (row) => {
    const v = num(row[key]);
    return v === null ? EMPTY : v.toFixed(4);
  },
});

const SITE = text('Site', 'site_id');
const KPI = text('KPI', 'kpi');

export const BILL_AUDIT_SUMMARY: ProductTable = {
  caption: 'Bill audit: billing accuracy, disputed and accrued amounts (per currency)',
  id: 'bill-audit-summary',
  columns: [
    text('Currency', 'currency_code'),
    text('Invoice lines', 'invoice_lines'),
    text('Disputed', 'disputed_lines'),
    inUnit('Billing accuracy', 'billing_accuracy_rate', 'ratio'),
    money('Billed', 'billed_amount'),
    money('Overbilled', 'overbilled_amount'),
    money('Accrual (not invoiced)', 'accrual_amount'),
  ],
};

export const DISPUTES: ProductTable = {
  caption: 'Disputes',
  id: 'disputes',
  columns: [
    text('Vendor', 'vendor_id'),
    text('Invoice', 'invoice_id'),
    text('Line', 'line_number'),
    SITE,
    text('Activity', 'activity'),
    text('Reason', 'dispute_reason'),
    money('Billed', 'billed_amount'),
    money('Expected', 'expected_amount'),
    money('Variance', 'amount_variance'),
  ],
};

export const CARRIER_SCORECARD: ProductTable = {
  caption: 'Carrier scorecard',
  id: 'carrier-scorecard',
  columns: [
    SITE,
    text('Carrier', 'carrier_id'),
    text('Rank', 'on_time_rank'),
    text('Shipments', 'shipments'),
    inUnit('Share', 'volume_share', 'ratio'),
    inUnit('On time', 'on_time_rate', 'ratio'),
    inUnit('12 months', 'on_time_rate_12m', 'ratio'),
    inUnit('Damage', 'damage_rate', 'ratio'),
    money('Cost / unit', 'freight_cost_per_unit'),
  ],
};

export const VENDOR_SCORECARD: ProductTable = {
  caption: 'Vendor scorecard',
  id: 'vendor-scorecard',
  columns: [
    SITE,
    text('Vendor', 'vendor_id'),
    text('Rank', 'in_full_rank'),
    text('Lines', 'receipt_lines'),
    inUnit('In full', 'in_full_rate', 'ratio'),
    inUnit('12 months', 'in_full_rate_12m', 'ratio'),
    inUnit('Defects', 'defect_rate', 'ratio'),
    inUnit('Billing accuracy', 'billing_accuracy_rate', 'ratio'),
    money('Cost / unit', 'billed_cost_per_unit_shipped'),
  ],
};

export const RED_WITHOUT_ACTION: ProductTable = {
  caption: 'Red KPIs with no action',
  id: 'red-without-action',
  columns: [SITE, KPI, kpiValue('Value', 'kpi_value'), kpiValue('Target', 'target_value')],
};

export const OVERDUE_ACTIONS: ProductTable = {
  caption: 'Overdue actions',
  id: 'overdue-actions',
  columns: [
    text('Action', 'action_id'),
    SITE,
    KPI,
    text('Title', 'title'),
    text('Owner', 'owner'),
    text('Due', 'due_on'),
    text('Days overdue', 'days_overdue'),
  ],
};

export const BACKLOG: ProductTable = {
  caption: 'Backlog by expected impact ÷ cost',
  id: 'backlog',
  columns: [
    text('Action', 'action_id'),
    SITE,
    KPI,
    text('Title', 'title'),
    kpiValue('Impact', 'expected_impact'),
    money('Cost', 'estimated_cost'),
    perCost('Impact ÷ cost', 'impact_per_cost'),
    text('Rank in KPI', 'rank_in_kpi'),
  ],
};

export const BEFORE_AFTER: ProductTable = {
  caption: 'Closed actions: KPI before and after',
  id: 'before-after',
  columns: [
    text('Action', 'action_id'),
    SITE,
    KPI,
    text('Closed', 'closed_on'),
    kpiValue('Before', 'before_value'),
    kpiValue('After', 'after_value'),
    kpiValue('Change', 'change', true),
    {
      header: 'Window (months)',
      cell: (row) => `${row.window_months ?? EMPTY}${row.is_after_complete === false ? ' (after incomplete)' : ''}`,
    },
  ],
};

export const STAFFING_GAP: ProductTable = {
  caption: 'Labour plan: staffing gap per site and week (scheduled − required direct hours)',
  id: 'staffing-gap',
  columns: [
    SITE,
    text('Week', 'week_start'),
    inUnit('Forecast units', 'forecast_units', 'units'),
    inUnit('Required h', 'required_direct_hours', 'hours'),
    {
      header: 'Scheduled h',
      cell: (row) =>
        row.is_fully_scheduled ? formatValue(num(row.scheduled_direct_hours), 'hours') : 'not fully scheduled',
    },
    inUnit('Gap h', 'staffing_gap_hours', 'hours'),
  ],
};

export const BACKTEST: ProductTable = {
  caption: 'Forecast backtest (last 8 weeks)',
  id: 'backtest',
  columns: [
    SITE,
    text('Days scored', 'days_scored'),
    inUnit('MAPE', 'mape', 'ratio'),
    inUnit('Bias', 'bias_pct', 'ratio'),
  ],
};

/** The headers of a table, in column order. */
export const headersOf = (table: ProductTable): string[] => table.columns.map((c) => c.header);

/** One row's cells as text, in column order. */
export const cellsOf = (table: ProductTable, row: ProductTableRow, ctx: CellContext): string[] =>
  table.columns.map((c) => c.cell(row, ctx));

/** The cell context from the registry's definitions and the reporting currency. */
export function cellContext(
  registry: readonly { readonly kpi: string; readonly unit: string }[],
  currency: string | null,
): CellContext {
  const units = new Map(registry.map((k) => [k.kpi, k.unit]));
  return { unitOf: (kpi) => units.get(kpi), currency };
}
