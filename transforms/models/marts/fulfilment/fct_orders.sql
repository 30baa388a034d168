-- One row per sales order with its fulfilment outcome. Definitions (see the KPI registry):
--   complete  every line has a WMS ship event; completed_at = the last one (order-to-ship ends there)
--   delivered every (non-cancelled) shipment has a proof of delivery; the last ends order-to-delivery
--   in full   every line shipped ≥ ordered
--   on time   every (non-cancelled) shipment delivered, the last by the promised time
--   perfect   OTIF, no defective unit in outbound checks, no return within 30 days of shipping
with orders as (
    select * from {{ ref('int_orders_joined_to_fulfilment') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
),

flagged as (
    select
        orders.*,
        sites.timezone,
        orders.order_status = 'cancelled' as is_cancelled,
        orders.line_count > 0 and orders.lines_with_shipment = orders.line_count as is_complete,
        orders.line_count > 0 and orders.lines_shipped_complete = orders.line_count as is_in_full,
        orders.shipment_count > 0
            and orders.delivered_shipment_count = orders.shipment_count
            and orders.last_delivered_at <= orders.promised_delivery_at as is_on_time,
        orders.shipment_count > 0 and orders.delivered_shipment_count = orders.shipment_count as is_delivered,
        orders.outbound_defective_units > 0 as has_quality_defect,
        coalesce(
            orders.first_return_received_at <= {{ dbt.dateadd('day', 30, 'orders.last_shipped_at') }}, false
        ) as has_return_within_30d
    from orders
    inner join sites on orders.site_id = sites.site_id
)

select
    order_id,
    site_id,
    customer_id,
    channel,
    order_status,
    created_at,
    promised_delivery_at,
    case when is_complete then last_shipped_at end as completed_at,
    last_delivered_at,
    {{ local_date('created_at', 'timezone') }} as order_date,
    {{ local_date('promised_delivery_at', 'timezone') }} as promised_date,
    case when is_complete then {{ local_date('last_shipped_at', 'timezone') }} end as completed_date,
    case when is_complete then {{ hours_between('created_at', 'last_shipped_at') }} end as order_cycle_hours,
    case when is_delivered then {{ local_date('last_delivered_at', 'timezone') }} end as delivery_date,
    case when is_delivered then {{ hours_between('created_at', 'last_delivered_at') }} end as order_to_delivery_hours,
    order_value,
    currency_code,
    cast(line_count as {{ dbt.type_bigint() }}) as line_count,
    cast(lines_shipped_complete as {{ dbt.type_bigint() }}) as lines_shipped_complete,
    cast(units_ordered as {{ dbt.type_bigint() }}) as units_ordered,
    cast(units_shipped as {{ dbt.type_bigint() }}) as units_shipped,
    cast(shipment_count as {{ dbt.type_bigint() }}) as shipment_count,
    cast(outbound_defective_units as {{ dbt.type_bigint() }}) as outbound_defective_units,
    is_cancelled,
    is_complete,
    is_in_full,
    is_on_time,
    is_on_time and is_in_full as is_otif,
    has_quality_defect,
    has_return_within_30d,
    is_on_time and is_in_full and not has_quality_defect and not has_return_within_30d as is_perfect
from flagged
