-- Each order with what happened to it downstream: its lines as the warehouse shipped them, its TMS
-- shipments, outbound quality defects and returns. The flags of fct_orders are derived from this.
with orders as (
    select * from {{ ref('stg_erp__sales_orders') }}
),

lines as (
    select
        order_id,
        count(*) as line_count,
        sum(ordered_qty) as units_ordered,
        sum(shipped_qty) as units_shipped,
        sum(case when shipped_qty > 0 then 1 else 0 end) as lines_with_shipment,
        sum(case when is_shipped_complete then 1 else 0 end) as lines_shipped_complete,
        max(last_shipped_at) as last_shipped_at
    from {{ ref('fct_order_lines') }}
    group by order_id
),

shipments as (
    select
        order_id,
        count(*) as shipment_count,
        sum(case when is_delivered then 1 else 0 end) as delivered_shipment_count,
        max(delivered_at) as last_delivered_at
    from {{ ref('fct_shipments') }}
    where shipment_status <> 'cancelled'
    group by order_id
),

defects as (
    select reference_id as order_id, sum(defective_units) as defective_units
    from {{ ref('fct_quality_checks') }}
    where check_type = 'outbound'
    group by reference_id
),

returns as (
    select order_id, min(received_at) as first_return_received_at
    from {{ ref('fct_returns') }}
    group by order_id
)

select
    orders.order_id,
    orders.site_id,
    orders.customer_id,
    orders.channel,
    orders.order_status,
    orders.created_at,
    orders.promised_delivery_at,
    orders.order_value,
    orders.currency_code,
    coalesce(lines.line_count, 0) as line_count,
    coalesce(lines.units_ordered, 0) as units_ordered,
    coalesce(lines.units_shipped, 0) as units_shipped,
    coalesce(lines.lines_with_shipment, 0) as lines_with_shipment,
    coalesce(lines.lines_shipped_complete, 0) as lines_shipped_complete,
    lines.last_shipped_at,
    coalesce(shipments.shipment_count, 0) as shipment_count,
    coalesce(shipments.delivered_shipment_count, 0) as delivered_shipment_count,
    shipments.last_delivered_at,
    coalesce(defects.defective_units, 0) as outbound_defective_units,
    returns.first_return_received_at
from orders
left join lines on orders.order_id = lines.order_id
left join shipments on orders.order_id = shipments.order_id
left join defects on orders.order_id = defects.order_id
left join returns on orders.order_id = returns.order_id
