-- WFM safety_incidents, one row per (incident_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wfm', 'safety_incidents'), ['incident_id']) }}
)

select
    incident_id,
    site_id,
    {{ utc_timestamp('occurred_at') }} as occurred_at,
    incident_type,
    severity,
    recordable,
    cast(lost_time_days as {{ dbt.type_bigint() }}) as lost_time_days,
    rca_closed,
    {{ utc_timestamp('rca_closed_at') }} as rca_closed_at,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
