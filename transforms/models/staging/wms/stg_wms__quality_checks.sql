-- WMS quality_checks, one row per (check_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wms', 'quality_checks'), ['check_id']) }}
)

select
    check_id,
    site_id,
    check_type,
    reference_id,
    {{ utc_timestamp('checked_at') }} as checked_at,
    cast(inspected_units as {{ dbt.type_bigint() }}) as inspected_units,
    cast(defective_units as {{ dbt.type_bigint() }}) as defective_units,
    passed_first_time,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
