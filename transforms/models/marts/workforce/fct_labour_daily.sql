-- Hours per site, work date and labour type (direct / indirect), summed from timecards: scheduled,
-- worked, overtime, and the worked and scheduled hours of scheduled shifts (schedule adherence).
select
    site_id,
    work_date,
    labour_type,
    count(distinct employee_id) as workers,
    sum(scheduled_hours) as scheduled_hours,
    sum(worked_hours) as worked_hours,
    sum(overtime_hours) as overtime_hours,
    sum(case when scheduled_hours > 0 then worked_hours else 0 end) as worked_hours_on_scheduled_shifts,
    sum(case when scheduled_hours > 0 then scheduled_hours else 0 end) as scheduled_hours_on_scheduled_shifts,
    cast(sum(worked_hours * hourly_rate) as decimal(18, 2)) as base_pay_amount,
    max(currency_code) as currency_code
from {{ ref('stg_wfm__timecards') }}
group by site_id, work_date, labour_type
