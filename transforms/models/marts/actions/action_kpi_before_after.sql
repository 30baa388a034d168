-- A closed action's effect: the KPI (site, monthly value from kpi_monthly) over the
-- action_impact_months (default 3) whole months before the month it was opened, and as many after
-- the month it was closed — the mean of the monthly values in each window, how many months each
-- window has data for, and the change. The after window is complete once its last month is in
-- kpi_monthly.
{% set months = var('action_impact_months', 3) %}
with closed as (
    select
        action_id, site_id, kpi, opened_on, closed_on,
        cast({{ dbt.date_trunc('month', 'opened_on') }} as date) as opened_month,
        cast({{ dbt.date_trunc('month', 'closed_on') }} as date) as closed_month
    from {{ ref('fct_actions') }}
    where action_status = 'closed'
),

monthly as (
    select scope_id as site_id, kpi, month_start, kpi_value, direction
    from {{ ref('kpi_monthly') }}
    where scope_level = 'site' and breakdown_value = 'all'
),

windows as (
    select
        closed.action_id,
        avg(case when monthly.month_start < closed.opened_month then monthly.kpi_value end) as before_value,
        count(case when monthly.month_start < closed.opened_month then monthly.kpi_value end) as before_months,
        avg(case when monthly.month_start > closed.closed_month then monthly.kpi_value end) as after_value,
        count(case when monthly.month_start > closed.closed_month then monthly.kpi_value end) as after_months,
        max(monthly.direction) as direction
    from closed
    inner join monthly
        on closed.site_id = monthly.site_id
        and closed.kpi = monthly.kpi
        and (
            (monthly.month_start < closed.opened_month
                and monthly.month_start >= cast({{ dbt.dateadd('month', -months, 'closed.opened_month') }} as date))
            or (monthly.month_start > closed.closed_month
                and monthly.month_start <= cast({{ dbt.dateadd('month', months, 'closed.closed_month') }} as date))
        )
    group by closed.action_id
)

select
    closed.action_id,
    closed.site_id,
    closed.kpi,
    closed.opened_on,
    closed.closed_on,
    {{ months }} as window_months,
    windows.before_value,
    coalesce(windows.before_months, 0) as before_months,
    windows.after_value,
    coalesce(windows.after_months, 0) as after_months,
    windows.after_value - windows.before_value as change,
    coalesce(windows.after_months, 0) = {{ months }} as is_after_complete,
    windows.direction
from closed
left join windows on closed.action_id = windows.action_id
