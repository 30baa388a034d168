-- WMS returns, one row per (return_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wms', 'returns'), ['return_id']) }}
)

select
    return_id,
    site_id,
    order_id,
    sku,
    cast(quantity as {{ dbt.type_bigint() }}) as quantity,
    reason,
    {{ utc_timestamp('received_at') }} as received_at,
    {{ utc_timestamp('dispositioned_at') }} as dispositioned_at,
    disposition,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
