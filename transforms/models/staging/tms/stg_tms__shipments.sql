-- One row per shipment: the latest delivered version of each shipment_id (a corrected or
-- re-delivered file supersedes earlier rows for the same key).
with source as (
    select * from {{ source('tms', 'shipments') }}
),

latest as (
    select
        *,
        row_number() over (
            partition by shipment_id
            order by _ingested_at desc, _source_key desc, _source_row desc
        ) as version_rank
    from source
)

select
    shipment_id,
    order_id,
    site_id,
    carrier_id,
    service_level,
    shipped_at,
    promised_delivery_at,
    delivered_at,
    status as shipment_status,
    units,
    weight_kg,
    freight_cost,
    currency as currency_code,
    _ingested_at as ingested_at
from latest
where version_rank = 1
