-- Monthly KPI parts from the workforce.
-- turnover = terminations ÷ average headcount, where the average is (start + end) ÷ 2 — kept as the
-- denominator so regions and the company add up.
-- trir (OSHA): recordable incidents × 200,000 ÷ hours worked over the 12 months ending with the
-- month (rolling), so the rate has a year of exposure behind it; parts are the 12-month sums, which
-- add up across sites. A month is published for a site when it has hours or incidents in it.
with hours_monthly as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'work_date') }} as date) as month_start,
        sum(worked_hours) as worked_hours
    from {{ ref('fct_labour_daily') }}
    group by site_id, cast({{ dbt.date_trunc('month', 'work_date') }} as date)
),

recordables_monthly as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'incident_date') }} as date) as month_start,
        count(*) as incidents
    from {{ ref('fct_safety_incidents') }}
    where is_recordable
    group by site_id, cast({{ dbt.date_trunc('month', 'incident_date') }} as date)
),

exposure as (
    select
        coalesce(h.site_id, r.site_id) as site_id,
        coalesce(h.month_start, r.month_start) as month_start,
        coalesce(r.incidents, 0) as incidents,
        coalesce(h.worked_hours, 0) as worked_hours
    from hours_monthly as h
    full outer join recordables_monthly as r
        on h.site_id = r.site_id
        and h.month_start = r.month_start
),

trir_rolling_12 as (
    select
        ending.site_id,
        ending.month_start,
        'trir' as kpi,
        'all' as breakdown_value,
        sum(window_month.incidents) as numerator,
        sum(window_month.worked_hours) as denominator
    from exposure as ending
    inner join exposure as window_month
        on ending.site_id = window_month.site_id
        and window_month.month_start <= ending.month_start
        and window_month.month_start > cast({{ dbt.dateadd('month', -12, 'ending.month_start') }} as date)
    group by ending.site_id, ending.month_start
)

select
    site_id,
    month_start,
    'turnover_rate' as kpi,
    'all' as breakdown_value,
    terminations as numerator,
    (headcount_start + headcount_end) / 2.0 as denominator
from {{ ref('fct_headcount_monthly') }}
union all
select site_id, month_start, kpi, breakdown_value, numerator, denominator from trir_rolling_12
