-- Red KPIs with no action on them: every site, KPI and month that kpi_monthly marks red while no
-- action of the register (not cancelled) for that site and KPI was open at any time in the month
-- (opened by the month's last day, not closed before its first).
with red as (
    select scope_id as site_id, kpi, month_start, kpi_value, target_value
    from {{ ref('kpi_monthly') }}
    where scope_level = 'site' and breakdown_value = 'all' and status = 'red'
),

covering as (
    select distinct red.site_id, red.kpi, red.month_start
    from red
    inner join {{ ref('fct_actions') }} as actions
        on red.site_id = actions.site_id
        and red.kpi = actions.kpi
        and actions.action_status <> 'cancelled'
        and actions.opened_on < cast({{ dbt.dateadd('month', 1, 'red.month_start') }} as date)
        and (actions.closed_on is null or actions.closed_on >= red.month_start)
)

select red.*
from red
left join covering
    on red.site_id = covering.site_id
    and red.kpi = covering.kpi
    and red.month_start = covering.month_start
where covering.site_id is null
