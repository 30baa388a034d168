-- Every KPI by calendar month at site, region and company scope: the daily KPIs re-computed
-- from their daily parts (and, for medians, from the observations), plus the monthly-grain KPIs.
-- Each row says how much of its month the data covers: a month is partial when the scope's daily
-- data starts after the 1st or ends before the last day (the current month, or the first month of
-- history), so a reader never takes ten days for a month. Money KPIs (registry money: true) are
-- in the reporting currency (currency_code) at every scope; a site row also carries the same KPI
-- in the currency the site books in (booking_*) and the month's rate between the two.
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
    covered.scope_level, covered.scope_id, covered.site_id, covered.region, covered.month_start, covered.kpi,
    covered.breakdown, covered.breakdown_value, covered.numerator, covered.denominator, covered.kpi_value,
    covered.mean_value, covered.p90_value, covered.target_value, covered.status, covered.direction, covered.unit,
    cast({{ dbt.datediff('covered.month_start', 'month_end', 'day') }} + 1 as {{ dbt.type_int() }}) as days_in_month,
    cast(
        case
            when first_day is null or first_day > month_end or last_day < covered.month_start then 0
            else {{ dbt.datediff(
                'case when first_day > covered.month_start then first_day else covered.month_start end',
                'case when last_day < month_end then last_day else month_end end',
                'day') }} + 1
        end as {{ dbt.type_int() }}
    ) as days_covered,
    coalesce(first_day > covered.month_start or last_day < month_end, true) as is_partial_period,
    cast(
        case when registry.is_money then '{{ var('reporting_currency') }}' end as {{ dbt.type_string() }}
    ) as currency_code,
    cast(booked.booking_currency_code as {{ dbt.type_string() }}) as booking_currency_code,
    cast(booked.booking_numerator as double) as booking_numerator,
    cast(booked.booking_denominator as double) as booking_denominator,
    cast(
        registry.scale * {{ safe_ratio('booked.booking_numerator', 'booked.booking_denominator') }} as double
    ) as booking_kpi_value,
    cast(booked.fx_rate as decimal(18, 8)) as fx_rate
from covered
inner join {{ ref('kpi_registry') }} as registry on covered.kpi = registry.kpi
left join {{ ref('int_kpi_components_monthly__finance') }} as booked
    on covered.scope_level = 'site'
    and covered.site_id = booked.site_id
    and covered.month_start = booked.month_start
    and covered.kpi = booked.kpi
    and covered.breakdown_value = booked.breakdown_value
