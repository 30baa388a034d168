-- Every daily KPI at site, region and company scope, one row per scope × local day × kpi ×
-- breakdown value, with numerator, denominator, value, target and red/amber/green status.
with sites as (
    select site_id, region from {{ ref('dim_site') }}
),

components as (
    select
        c.site_id,
        sites.region,
        c.kpi_date as period_start,
        c.kpi,
        c.breakdown_value,
        c.numerator,
        c.denominator
    from {{ ref('int_kpi_components_daily') }} as c
    inner join sites on c.site_id = sites.site_id
),

observations as (
    select
        o.site_id,
        sites.region,
        o.kpi_date as period_start,
        o.kpi,
        o.observed_value
    from {{ ref('int_kpi_observations_daily') }} as o
    inner join sites on o.site_id = sites.site_id
),

rolled as (
    {{ kpi_rollup('components', 'observations') }}
)

{{ kpi_finalise('rolled', 'day') }}
