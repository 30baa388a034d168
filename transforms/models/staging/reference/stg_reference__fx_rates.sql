-- Monthly average exchange rates, one row per (from_currency, to_currency, period_month): the
-- latest ingested version (a corrected rate file supersedes the first). Renames and casts only.
with source as (
    {{ latest_version(source('reference', 'fx_rates'), ['from_currency', 'to_currency', 'period_month']) }}
)

select
    from_currency,
    to_currency,
    cast(period_month as date) as period_month,
    cast(average_rate as decimal(18, 8)) as average_rate,
    rate_source,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
