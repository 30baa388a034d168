-- WFM future shift schedule, one row per shift_id: the latest ingested version (a republished
-- schedule supersedes the shift). Renames and casts only.
with source as (
    {{ latest_version(source('wfm', 'shift_schedule'), ['shift_id']) }}
)

select
    shift_id,
    site_id,
    employee_id,
    cast(shift_date as date) as shift_date,
    labour_type,
    cast(scheduled_hours as decimal(18, 2)) as scheduled_hours,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
