-- TMS carrier master, one row per (carrier_id, site_id): the latest ingested version.
with source as (
    {{ latest_version(source('tms', 'carriers'), ['carrier_id', 'site_id']) }}
)

select
    carrier_id,
    site_id,
    carrier_name,
    mode as transport_mode,
    cast(contracted_on_time_target as double) as contracted_on_time_target,
    cast(valid_from as date) as valid_from,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
