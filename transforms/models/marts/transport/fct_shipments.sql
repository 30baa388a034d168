{{ config(**incremental_fact_config('shipment_id', 'stg_tms__shipments')) }}
-- One row per shipment with its delivery outcome against the promise. Days are the site's local
-- calendar days. Incremental: re-processes shipments ingested within lookback_days of the newest.
with shipments as (
    select * from {{ ref('stg_tms__shipments') }}
    {{ lookback_filter() }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    shipments.shipment_id,
    shipments.order_id,
    shipments.site_id,
    shipments.carrier_id,
    shipments.service_level,
    shipments.shipment_status,
    shipments.shipped_at,
    shipments.promised_delivery_at,
    shipments.delivered_at,
    {{ local_date('shipments.shipped_at', 'sites.timezone') }} as ship_date,
    {{ local_date('shipments.promised_delivery_at', 'sites.timezone') }} as promised_date,
    {{ local_date('shipments.delivered_at', 'sites.timezone') }} as delivery_date,
    shipments.delivered_at is not null as is_delivered,
    coalesce(shipments.delivered_at <= shipments.promised_delivery_at, false) as is_delivered_on_time,
    shipments.units,
    shipments.weight_kg,
    shipments.freight_cost,
    shipments.currency_code,
    shipments.ingested_at
from shipments
inner join sites on shipments.site_id = sites.site_id
