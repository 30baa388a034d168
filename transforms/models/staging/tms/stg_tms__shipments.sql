-- TMS shipments, one row per shipment_id: the latest ingested version (a corrected or re-delivered
-- file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('tms', 'shipments'), ['shipment_id']) }}
)

select
    shipment_id,
    order_id,
    site_id,
    carrier_id,
    service_level,
    status as shipment_status,
    {{ utc_timestamp('shipped_at') }} as shipped_at,
    {{ utc_timestamp('promised_delivery_at') }} as promised_delivery_at,
    {{ utc_timestamp('delivered_at') }} as delivered_at,
    cast(units as {{ dbt.type_bigint() }}) as units,
    cast(weight_kg as decimal(18, 3)) as weight_kg,
    cast(freight_cost as decimal(18, 2)) as freight_cost,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
