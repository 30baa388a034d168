-- WFM employees, one row per (employee_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wfm', 'employees'), ['employee_id']) }}
)

select
    employee_id,
    site_id,
    job_role,
    employment_type,
    cast(hire_date as date) as hire_date,
    cast(termination_date as date) as termination_date,
    termination_reason,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
