-- The site master, one row per site_id: the latest ingested version. Renames and casts only.
with source as (
    {{ latest_version(source('reference', 'sites'), ['site_id']) }}
)

select
    site_id,
    site_name,
    region,
    country as country_code,
    timezone,
    cast(opened_on as date) as opened_on,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
