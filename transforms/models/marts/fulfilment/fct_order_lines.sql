-- One row per sales order line with what the warehouse did with it: units picked and shipped (sum
-- of WMS events) against units ordered. A line is shipped complete when shipped ≥ ordered.
with lines as (
    select * from {{ ref('stg_erp__sales_order_lines') }}
),

events as (
    select
        order_id,
        line_number,
        sum(case when event_type = 'picked' then quantity else 0 end) as picked_qty,
        sum(case when event_type = 'shipped' then quantity else 0 end) as shipped_qty,
        max(case when event_type = 'shipped' then event_at end) as last_shipped_at
    from {{ ref('fct_order_events') }}
    group by order_id, line_number
)

select
    lines.order_id,
    lines.line_number,
    lines.site_id,
    lines.sku,
    lines.ordered_qty,
    lines.unit_price,
    lines.currency_code,
    cast(coalesce(events.picked_qty, 0) as {{ dbt.type_bigint() }}) as picked_qty,
    cast(coalesce(events.shipped_qty, 0) as {{ dbt.type_bigint() }}) as shipped_qty,
    events.last_shipped_at,
    coalesce(events.shipped_qty, 0) >= lines.ordered_qty as is_shipped_complete
from lines
left join events
    on lines.order_id = events.order_id
    and lines.line_number = events.line_number
