-- KPI targets per site and month, one row per (kpi, site_id, period_month): the latest ingested
-- version. Renames and casts only.
with source as (
    {{ latest_version(source('reference', 'kpi_targets'), ['kpi', 'site_id', 'period_month']) }}
)

select
    kpi,
    site_id,
    cast(period_month as date) as period_month,
    cast(target_value as double) as target_value,
    cast(amber_threshold as double) as amber_threshold,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
