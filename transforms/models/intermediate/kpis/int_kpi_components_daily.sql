-- The additive parts of every daily KPI, long: one row per site × local day × kpi × breakdown
-- value, with numerator and denominator (denominator null for sums). kpi_daily and kpi_monthly
-- roll these up; nothing downstream averages a ratio.
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
),

unioned as (
    select * from on_time_delivery
    union all
    select * from carrier_on_time
)

select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(kpi_date as date) as kpi_date,
    cast(kpi as {{ dbt.type_string() }}) as kpi,
    cast(breakdown_value as {{ dbt.type_string() }}) as breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator
from unioned
