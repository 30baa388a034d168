{{ config(alias='fct_kpi_monthly') }}
-- One row per KPI, monthly period, scope (site, region, company) and breakdown value, as published
-- in kpi_monthly: ratios keep their numerator and denominator, so a report can re-aggregate them.
select
    month_start,
    kpi,
    scope_level as scope_level,
    scope_id as scope_id,
    site_id as site_id,
    region as region,
    breakdown as breakdown,
    breakdown_value as breakdown_value,
    case when breakdown = 'carrier_id' then breakdown_value end as carrier_id,
    case when breakdown = 'cost_category' then breakdown_value end as cost_category,
    numerator as numerator,
    denominator as denominator,
    kpi_value as kpi_value,
    mean_value as mean,
    p90_value as p90,
    target_value as target,
    status as status,
    currency_code as currency_code,
    booking_currency_code as booking_currency_code,
    booking_kpi_value as booking_kpi_value,
    fx_rate as fx_rate
from {{ ref('kpi_monthly') }}
