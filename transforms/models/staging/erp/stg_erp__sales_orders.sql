-- ERP sales_orders, one row per (order_id): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('erp', 'sales_orders'), ['order_id']) }}
)

select
    order_id,
    site_id,
    customer_id,
    channel,
    {{ utc_timestamp('created_at') }} as created_at,
    {{ utc_timestamp('promised_delivery_at') }} as promised_delivery_at,
    order_status,
    cast(order_value as decimal(18, 2)) as order_value,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
