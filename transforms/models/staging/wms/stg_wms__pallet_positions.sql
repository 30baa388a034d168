-- WMS pallet positions occupied, one row per (site_id, snapshot_date): the latest ingested version.
-- Renames and casts only.
with source as (
    {{ latest_version(source('wms', 'pallet_positions'), ['site_id', 'snapshot_date']) }}
)

select
    site_id,
    cast(snapshot_date as date) as snapshot_date,
    cast(pallet_positions as {{ dbt.type_bigint() }}) as pallet_positions,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
