-- Every KPI by calendar month at site, region and company scope: the daily KPIs re-computed
-- from their daily parts (and, for medians, from the observations), plus the monthly-grain KPIs.
with sites as (
    select site_id, region from {{ ref('dim_site') }}
),

components as (
    select
        c.site_id,
        sites.region,
        cast({{ dbt.date_trunc('month', 'c.kpi_date') }} as date) as period_start,
        c.kpi,
        c.breakdown_value,
        c.numerator,
        c.denominator
    from {{ ref('int_kpi_components_daily') }} as c
    inner join sites on c.site_id = sites.site_id
    union all
    select
        m.site_id,
        sites.region,
        m.month_start as period_start,
        m.kpi,
        m.breakdown_value,
        m.numerator,
        m.denominator
    from {{ ref('int_kpi_components_monthly') }} as m
    inner join sites on m.site_id = sites.site_id
),

observations as (
    select
        o.site_id,
        sites.region,
        cast({{ dbt.date_trunc('month', 'o.kpi_date') }} as date) as period_start,
        o.kpi,
        o.observed_value
    from {{ ref('int_kpi_observations_daily') }} as o
    inner join sites on o.site_id = sites.site_id
),

rolled as (
    {{ kpi_rollup('components', 'observations') }}
)

{{ kpi_finalise('rolled', 'month') }}
