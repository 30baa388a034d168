-- The staffing gap per site and week (Monday start): Σ of the days in the plan's horizon. A week is
-- only compared with the schedule when the schedule covers every one of its days in the horizon.
select
    site_id,
    week_start,
    min(as_of_date) as as_of_date,
    count(*) as days_in_plan,
    cast(sum(forecast_units) as decimal(18, 1)) as forecast_units,
    cast(sum(required_direct_hours) as decimal(18, 2)) as required_direct_hours,
    count(scheduled_direct_hours) = count(*) as is_fully_scheduled,
    cast(case when count(scheduled_direct_hours) = count(*) then sum(scheduled_direct_hours) end as decimal(18, 2))
        as scheduled_direct_hours,
    cast(case when count(scheduled_direct_hours) = count(*)
        then sum(scheduled_direct_hours) - sum(required_direct_hours) end as decimal(18, 2))
        as staffing_gap_hours
from {{ ref('labour_plan_daily') }}
group by site_id, week_start
