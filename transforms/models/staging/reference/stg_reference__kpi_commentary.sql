-- Owners' notes per KPI, scope and month, one row per (kpi, scope_level, scope_id, period_month):
-- the latest ingested version (a corrected note replaces the earlier one). Renames and casts only.
with source as (
    {{ latest_version(source('reference', 'kpi_commentary'), ['kpi', 'scope_level', 'scope_id', 'period_month']) }}
)

select
    kpi,
    scope_level,
    scope_id,
    cast(period_month as date) as period_month,
    note,
    author,
    {{ utc_timestamp('written_at') }} as written_at,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
