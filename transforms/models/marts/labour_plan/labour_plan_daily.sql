-- The labour plan per site and day for the weeks ahead: forecast units, the direct hours they need
-- at the site's trailing units per direct hour, the direct hours WFM has scheduled, and the gap.
-- Scheduled hours are null after the last day the published schedule covers (not yet scheduled),
-- 0 on a covered day with no direct shift.
with forecast as (
    select * from {{ ref('int_labour_plan__forecast') }}
    where origin_kind = 'plan'
),

schedule as (
    select site_id, shift_date, sum(case when labour_type = 'direct' then scheduled_hours else 0 end) as direct_hours
    from {{ ref('stg_wfm__shift_schedule') }}
    group by site_id, shift_date
),

covered as (
    select site_id, max(shift_date) as last_scheduled_day from schedule group by site_id
),

planned as (
    select
        forecast.site_id,
        forecast.date_day,
        forecast.week_start,
        forecast.origin_date as as_of_date,
        cast(round(forecast.forecast_units, 1) as decimal(18, 1)) as forecast_units,
        cast(round(forecast.trailing_units_per_direct_hour, 2) as decimal(18, 2)) as units_per_direct_hour,
        case
            when forecast.date_day <= covered.last_scheduled_day
                then cast(coalesce(schedule.direct_hours, 0) as decimal(18, 2))
        end as scheduled_direct_hours
    from forecast
    left join schedule
        on forecast.site_id = schedule.site_id
        and forecast.date_day = schedule.shift_date
    left join covered
        on forecast.site_id = covered.site_id
)

select
    site_id,
    date_day,
    week_start,
    as_of_date,
    forecast_units,
    units_per_direct_hour,
    cast(round({{ safe_ratio('forecast_units', 'units_per_direct_hour') }}, 2) as decimal(18, 2)) as required_direct_hours,
    scheduled_direct_hours,
    cast(scheduled_direct_hours - round({{ safe_ratio('forecast_units', 'units_per_direct_hour') }}, 2) as decimal(18, 2))
        as staffing_gap_hours
from planned
