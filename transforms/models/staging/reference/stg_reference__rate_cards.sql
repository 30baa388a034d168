-- Contracted vendor / 3PL rates, one row per (vendor_id, site_id, activity, valid_from): the latest
-- ingested version. Renames and casts only.
with source as (
    {{ latest_version(source('reference', 'rate_cards'), ['vendor_id', 'site_id', 'activity', 'valid_from']) }}
)

select
    vendor_id,
    site_id,
    activity,
    cast(rate as decimal(18, 4)) as rate,
    currency as currency_code,
    cast(valid_from as date) as valid_from,
    cast(valid_to as date) as valid_to,
    cast(units_per_billed_unit as decimal(18, 3)) as units_per_billed_unit,
    cast(quantity_tolerance_pct as decimal(18, 4)) as quantity_tolerance_pct,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
