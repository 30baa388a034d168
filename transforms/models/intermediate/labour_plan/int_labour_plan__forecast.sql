-- The demand forecast: units per site and day for the horizon after an origin, as
--   level (mean units per day over the level_days before the origin)
--   × weekday index (mean units on that weekday ÷ mean units per day, over the history_days before it).
-- Two origins per site: `plan` (the as-of day: the weeks ahead) and `backtest` (horizon_days
-- earlier, so its horizon is the last horizon_days of history, where the actual units are known).
-- A backtest needs history_days of history before its origin; with less it is left out.
{% set history_days = var('labour_plan_history_days', 56) %}
{% set level_days = var('labour_plan_level_days', 28) %}
{% set horizon_days = var('labour_plan_horizon_days', 56) %}
with history as (
    select * from {{ ref('int_labour_plan__daily_history') }}
),

sites as (
    select site_id, min(date_day) as first_day, max(as_of_date) as as_of_date
    from history
    group by site_id
),

origins as (
    select site_id, 'plan' as origin_kind, as_of_date as origin_date from sites
    union all
    select site_id, 'backtest' as origin_kind, cast({{ dbt.dateadd('day', -horizon_days, 'as_of_date') }} as date)
    from sites
    where cast({{ dbt.dateadd('day', -(horizon_days + history_days), 'as_of_date') }} as date) >= first_day
),

windowed as (
    select origins.site_id, origins.origin_kind, origins.origin_date, history.*
    from origins
    inner join history
        on origins.site_id = history.site_id
        and history.date_day < origins.origin_date
        and history.date_day >= cast({{ dbt.dateadd('day', -history_days, 'origins.origin_date') }} as date)
),

profile as (
    select
        site_id, origin_kind, origin_date,
        avg(cast(units_picked as double)) as mean_units,
        avg(case when date_day >= cast({{ dbt.dateadd('day', -level_days, 'origin_date') }} as date)
            then cast(units_picked as double) end) as level_units,
        sum(case when date_day >= cast({{ dbt.dateadd('day', -level_days, 'origin_date') }} as date)
            then units_picked else 0 end) as level_window_units,
        sum(case when date_day >= cast({{ dbt.dateadd('day', -level_days, 'origin_date') }} as date)
            then direct_hours else 0 end) as level_window_direct_hours
    from windowed
    group by site_id, origin_kind, origin_date
),

weekday as (
    select site_id, origin_kind, iso_day_of_week, avg(cast(units_picked as double)) as mean_units_on_weekday
    from windowed
    group by site_id, origin_kind, iso_day_of_week
),

horizon as (
    select origins.site_id, origins.origin_kind, origins.origin_date, dates.date_day, dates.iso_day_of_week, dates.week_start
    from origins
    inner join {{ ref('dim_date') }} as dates
        on dates.date_day >= origins.origin_date
        and dates.date_day < cast({{ dbt.dateadd('day', horizon_days, 'origins.origin_date') }} as date)
)

select
    horizon.site_id,
    horizon.origin_kind,
    horizon.origin_date,
    horizon.date_day,
    horizon.week_start,
    horizon.iso_day_of_week,
    profile.level_units,
    {{ safe_ratio('weekday.mean_units_on_weekday', 'profile.mean_units') }} as weekday_index,
    coalesce(profile.level_units * {{ safe_ratio('weekday.mean_units_on_weekday', 'profile.mean_units') }}, 0)
        as forecast_units,
    {{ safe_ratio('profile.level_window_units', 'profile.level_window_direct_hours') }} as trailing_units_per_direct_hour
from horizon
inner join profile
    on horizon.site_id = profile.site_id
    and horizon.origin_kind = profile.origin_kind
left join weekday
    on horizon.site_id = weekday.site_id
    and horizon.origin_kind = weekday.origin_kind
    and horizon.iso_day_of_week = weekday.iso_day_of_week
