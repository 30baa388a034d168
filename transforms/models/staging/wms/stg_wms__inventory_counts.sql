-- WMS inventory_counts, one row per (count_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wms', 'inventory_counts'), ['count_id']) }}
)

select
    count_id,
    site_id,
    sku,
    location_id,
    {{ utc_timestamp('counted_at') }} as counted_at,
    cast(system_qty as {{ dbt.type_bigint() }}) as system_qty,
    cast(counted_qty as {{ dbt.type_bigint() }}) as counted_qty,
    cast(unit_cost as decimal(18, 2)) as unit_cost,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
