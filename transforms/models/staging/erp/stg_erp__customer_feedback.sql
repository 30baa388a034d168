-- ERP customer_feedback, one row per (response_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('erp', 'customer_feedback'), ['response_id']) }}
)

select
    response_id,
    site_id,
    order_id,
    {{ utc_timestamp('responded_at') }} as responded_at,
    cast(score as {{ dbt.type_bigint() }}) as score,
    comment,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
