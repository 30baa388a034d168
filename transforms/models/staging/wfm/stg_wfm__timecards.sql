-- WFM timecards, one row per (timecard_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wfm', 'timecards'), ['timecard_id']) }}
)

select
    timecard_id,
    site_id,
    employee_id,
    cast(work_date as date) as work_date,
    labour_type,
    cast(scheduled_hours as decimal(18, 2)) as scheduled_hours,
    cast(worked_hours as decimal(18, 2)) as worked_hours,
    cast(overtime_hours as decimal(18, 2)) as overtime_hours,
    cast(hourly_rate as decimal(18, 2)) as hourly_rate,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
