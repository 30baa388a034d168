-- One row per shipment, with its delivery outcome against the promise.
select
    shipment_id,
    order_id,
    site_id,
    carrier_id,
    service_level,
    shipment_status,
    shipped_at,
    promised_delivery_at,
    delivered_at,
    cast(shipped_at as date) as ship_date,
    cast(delivered_at as date) as delivery_date,
    delivered_at is not null as is_delivered,
    coalesce(delivered_at <= promised_delivery_at, false) as is_delivered_on_time,
    units,
    weight_kg,
    freight_cost,
    currency_code
from {{ ref('stg_tms__shipments') }}
