-- WMS order_events, one row per (event_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wms', 'order_events'), ['event_id']) }}
)

select
    event_id,
    site_id,
    order_id,
    cast(line_number as {{ dbt.type_bigint() }}) as line_number,
    sku,
    event_type,
    cast(quantity as {{ dbt.type_bigint() }}) as quantity,
    {{ utc_timestamp('event_at') }} as event_at,
    employee_id,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
