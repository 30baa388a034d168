-- Units picked and direct hours worked per site and local day, with a row for every day from the
-- site's first to its last day of data (a day with nothing picked counts 0, which a forecast needs
-- to see). The as-of day (labour_plan_as_of, default: the day after the site's last data) is the
-- first day the plan forecasts.
with picks as (
    select site_id, event_date as date_day, sum(quantity) as units_picked
    from {{ ref('fct_order_events') }}
    where event_type = 'picked'
    group by site_id, event_date
),

direct_hours as (
    select site_id, work_date as date_day, sum(worked_hours) as direct_hours
    from {{ ref('fct_labour_daily') }}
    where labour_type = 'direct'
    group by site_id, work_date
),

any_labour as (
    select site_id, work_date as date_day from {{ ref('fct_labour_daily') }}
),

data_days as (
    select site_id, date_day from picks
    union all
    select site_id, date_day from any_labour
),

bounds as (
    select
        site_id,
        min(date_day) as first_day,
        {% if var('labour_plan_as_of', none) %}
            cast('{{ var("labour_plan_as_of") }}' as date)
        {% else %}
            cast({{ dbt.dateadd('day', 1, 'max(date_day)') }} as date)
        {% endif %} as as_of_date
    from data_days
    group by site_id
)

select
    bounds.site_id,
    dates.date_day,
    dates.iso_day_of_week,
    bounds.as_of_date,
    cast(coalesce(picks.units_picked, 0) as {{ dbt.type_bigint() }}) as units_picked,
    cast(coalesce(direct_hours.direct_hours, 0) as decimal(18, 2)) as direct_hours
from bounds
inner join {{ ref('dim_date') }} as dates
    on dates.date_day >= bounds.first_day
    and dates.date_day < bounds.as_of_date
left join picks
    on bounds.site_id = picks.site_id
    and dates.date_day = picks.date_day
left join direct_hours
    on bounds.site_id = direct_hours.site_id
    and dates.date_day = direct_hours.date_day
