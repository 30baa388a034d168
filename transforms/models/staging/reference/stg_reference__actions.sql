-- The action register, one row per action_id: the latest ingested version (a status change is a new
-- delivery of the action). Renames and casts only.
with source as (
    {{ latest_version(source('reference', 'actions'), ['action_id']) }}
)

select
    action_id,
    site_id,
    kpi,
    title,
    action_type,
    root_cause,
    owner,
    cast(opened_on as date) as opened_on,
    cast(due_on as date) as due_on,
    cast(closed_on as date) as closed_on,
    status as action_status,
    cast(expected_impact as decimal(18, 4)) as expected_impact,
    cast(estimated_cost as decimal(18, 2)) as estimated_cost,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
