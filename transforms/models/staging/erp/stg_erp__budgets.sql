-- ERP budgets, one row per (site_id, period_month, cost_category): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('erp', 'budgets'), ['site_id', 'period_month', 'cost_category']) }}
)

select
    site_id,
    cast(period_month as date) as period_month,
    cost_category,
    cast(budget_amount as decimal(18, 2)) as budget_amount,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
