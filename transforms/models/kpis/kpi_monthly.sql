-- Every KPI by calendar month at site, region and company scope: the daily KPIs re-computed
-- from their daily parts (and, for medians, from the observations), plus the monthly-grain KPIs.
-- Each row says how much of its month the data covers: a month is partial when the scope's daily
-- data starts after the 1st or ends before the last day (the current month, or the first month of
-- history), so a reader never takes ten days for a month.
with finalised as (
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
),

daily_activity as (
    select site_id, kpi_date from {{ ref('int_kpi_components_daily') }}
    union all
    select site_id, kpi_date from {{ ref('int_kpi_observations_daily') }}
),

site_span as (
    select
        activity.site_id,
        sites.region,
        min(activity.kpi_date) as first_day,
        max(activity.kpi_date) as last_day
    from daily_activity as activity
    inner join {{ ref('dim_site') }} as sites on activity.site_id = sites.site_id
    group by activity.site_id, sites.region
),

scope_span as (
    select 'site' as scope_level, site_id as scope_id, first_day, last_day from site_span
    union all
    select 'region', region, min(first_day), max(last_day) from site_span group by region
    union all
    select 'company', 'company', min(first_day), max(last_day) from site_span
),

covered as (
    select
        finalised.*,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'finalised.month_start')) }} as date) as month_end,
        scope_span.first_day,
        scope_span.last_day
    from finalised
    left join scope_span
        on finalised.scope_level = scope_span.scope_level
        and finalised.scope_id = scope_span.scope_id
)

select
    scope_level, scope_id, site_id, region, month_start, kpi, breakdown, breakdown_value,
    numerator, denominator, kpi_value, mean_value, p90_value, target_value, status, direction, unit,
    cast({{ dbt.datediff('month_start', 'month_end', 'day') }} + 1 as {{ dbt.type_int() }}) as days_in_month,
    cast(
        case
            when first_day is null or first_day > month_end or last_day < month_start then 0
            else {{ dbt.datediff(
                'case when first_day > month_start then first_day else month_start end',
                'case when last_day < month_end then last_day else month_end end',
                'day') }} + 1
        end as {{ dbt.type_int() }}
    ) as days_covered,
    coalesce(first_day > month_start or last_day < month_end, true) as is_partial_period
from covered
