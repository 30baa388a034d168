-- WMS receipts, one row per (receipt_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('wms', 'receipts'), ['receipt_id']) }}
)

select
    receipt_id,
    site_id,
    vendor_id,
    po_number,
    sku,
    cast(expected_qty as {{ dbt.type_bigint() }}) as expected_qty,
    cast(received_qty as {{ dbt.type_bigint() }}) as received_qty,
    {{ utc_timestamp('arrived_at') }} as arrived_at,
    {{ utc_timestamp('put_away_at') }} as put_away_at,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
