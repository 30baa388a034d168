-- on_time_delivery_rate by site and delivery day: delivered shipments with
-- delivered_at <= promised_delivery_at, divided by delivered shipments. The numerator and
-- denominator are kept so any roll-up is recomputed from the parts.
with delivered as (
    select site_id, delivery_date, is_delivered_on_time
    from {{ ref('fct_shipments') }}
    where is_delivered
)

select
    site_id,
    delivery_date as kpi_date,
    'on_time_delivery_rate' as kpi,
    sum(case when is_delivered_on_time then 1 else 0 end) as numerator,
    count(*) as denominator,
    cast(sum(case when is_delivered_on_time then 1 else 0 end) as double) / count(*) as kpi_value
from delivered
group by site_id, delivery_date
