-- Hours per site, work date and labour type (direct / indirect), summed from timecards: scheduled,
-- worked, overtime, and the worked, worked-within-schedule and scheduled hours of scheduled shifts
-- (schedule attainment and adherence).
select
    site_id,
    work_date,
    labour_type,
    cast(count(distinct employee_id) as {{ dbt.type_bigint() }}) as workers,
    cast(sum(scheduled_hours) as decimal(18, 2)) as scheduled_hours,
    cast(sum(worked_hours) as decimal(18, 2)) as worked_hours,
    cast(sum(overtime_hours) as decimal(18, 2)) as overtime_hours,
    cast(sum(case when scheduled_hours > 0 then worked_hours else 0 end) as decimal(18, 2))
        as worked_hours_on_scheduled_shifts,
    cast(sum(case when scheduled_hours > 0 then least(worked_hours, scheduled_hours) else 0 end) as decimal(18, 2))
        as worked_hours_within_schedule,
    cast(sum(case when scheduled_hours > 0 then scheduled_hours else 0 end) as decimal(18, 2))
        as scheduled_hours_on_scheduled_shifts,
    cast(sum(worked_hours * hourly_rate) as decimal(18, 2)) as base_pay_amount,
    max(currency_code) as currency_code
from {{ ref('stg_wfm__timecards') }}
group by site_id, work_date, labour_type
