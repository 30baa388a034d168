-- ERP sales_order_lines, one row per (order_id, line_number): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('erp', 'sales_order_lines'), ['order_id', 'line_number']) }}
)

select
    order_id,
    cast(line_number as {{ dbt.type_bigint() }}) as line_number,
    site_id,
    sku,
    cast(ordered_qty as {{ dbt.type_bigint() }}) as ordered_qty,
    cast(unit_price as decimal(18, 2)) as unit_price,
    currency as currency_code,
    {{ utc_timestamp('created_at') }} as created_at,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
