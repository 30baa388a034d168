-- The open backlog, ranked: every open action by expected impact ÷ estimated cost, ranked within
-- its KPI (impacts are in the KPI's unit, so only actions on the same KPI compare). Actions without
-- a cost estimate come last in their KPI.
select
    action_id,
    site_id,
    kpi,
    title,
    action_type,
    owner,
    opened_on,
    due_on,
    is_overdue,
    days_overdue,
    expected_impact,
    estimated_cost,
    currency_code,
    impact_per_cost,
    rank() over (
        partition by kpi
        order by case when impact_per_cost is null then 1 else 0 end, impact_per_cost desc
    ) as rank_in_kpi
from {{ ref('fct_actions') }}
where is_open
