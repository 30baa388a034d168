-- Daily KPI parts from transport: on-time delivery overall and by carrier, by local delivery day.
with shipments as (
    select * from {{ ref('fct_shipments') }}
),

on_time_delivery as (
    select
        site_id,
        delivery_date as kpi_date,
        'on_time_delivery_rate' as kpi,
        'all' as breakdown_value,
        sum(case when is_delivered_on_time then 1 else 0 end) as numerator,
        count(*) as denominator
    from shipments
    where is_delivered
    group by site_id, delivery_date
),

carrier_on_time as (
    select
        site_id,
        delivery_date as kpi_date,
        'carrier_on_time_rate' as kpi,
        carrier_id as breakdown_value,
        sum(case when is_delivered_on_time then 1 else 0 end) as numerator,
        count(*) as denominator
    from shipments
    where is_delivered
    group by site_id, delivery_date, carrier_id
)

select * from on_time_delivery
union all
select * from carrier_on_time
