-- Every action, one row each: the register's actions, and a corrective action for every safety
-- incident whose root-cause analysis is still open past its due day (occurred + rca_due_days, default
-- 14): the RCA the site owes. Open and overdue are judged on the as-of day (var actions_as_of,
-- default the day after the last day in kpi_daily). docs/action-register.md.
{% set rca_due_days = var('rca_due_days', 14) %}
with as_of as (
    select
        {% if var('actions_as_of', none) %}
            cast('{{ var("actions_as_of") }}' as date)
        {% else %}
            cast({{ dbt.dateadd('day', 1, 'max(kpi_date)') }} as date)
        {% endif %} as as_of_date
    from {{ ref('kpi_daily') }}
),

register as (
    select
        action_id, 'register' as action_source, site_id, kpi, title, action_type, root_cause, owner,
        opened_on, due_on, closed_on, action_status, expected_impact, estimated_cost, currency_code
    from {{ ref('stg_reference__actions') }}
),

incidents as (
    select * from {{ ref('fct_safety_incidents') }}
),

rca as (
    select
        concat('RCA-', incidents.incident_id) as action_id,
        'safety_rca' as action_source,
        incidents.site_id,
        'trir' as kpi,
        concat('Close the root-cause analysis of incident ', incidents.incident_id) as title,
        'corrective' as action_type,
        cast(null as varchar) as root_cause,
        'site safety lead' as owner,
        incidents.incident_date as opened_on,
        cast({{ dbt.dateadd('day', rca_due_days, 'incidents.incident_date') }} as date) as due_on,
        cast(null as date) as closed_on,
        'open' as action_status,
        cast(0 as decimal(18, 4)) as expected_impact,
        cast(null as decimal(18, 2)) as estimated_cost,
        cast(null as varchar) as currency_code
    from incidents
    cross join as_of
    where not incidents.is_rca_closed
        and cast({{ dbt.dateadd('day', rca_due_days, 'incidents.incident_date') }} as date) < as_of.as_of_date
),

actions as (
    select * from register
    union all
    select * from rca
)

select
    actions.*,
    as_of.as_of_date,
    actions.action_status in ('open', 'in_progress') as is_open,
    actions.action_status in ('open', 'in_progress') and actions.due_on < as_of.as_of_date as is_overdue,
    case when actions.action_status in ('open', 'in_progress') and actions.due_on < as_of.as_of_date
        then {{ dbt.datediff('actions.due_on', 'as_of.as_of_date', 'day') }} end as days_overdue,
    {{ safe_ratio('actions.expected_impact', 'actions.estimated_cost') }} as impact_per_cost
from actions
cross join as_of
