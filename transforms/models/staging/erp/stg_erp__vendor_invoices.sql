-- ERP vendor_invoices, one row per (invoice_id, line_number): the latest ingested version (a corrected or
-- re-delivered file supersedes earlier rows for the same key). Renames and casts only.
with source as (
    {{ latest_version(source('erp', 'vendor_invoices'), ['invoice_id', 'line_number']) }}
)

select
    invoice_id,
    cast(line_number as {{ dbt.type_bigint() }}) as line_number,
    site_id,
    vendor_id,
    cast(invoice_date as date) as invoice_date,
    cast(service_month as date) as service_month,
    activity,
    cast(quantity as decimal(18, 3)) as quantity,
    cast(contracted_rate as decimal(18, 4)) as contracted_rate,
    cast(billed_amount as decimal(18, 2)) as billed_amount,
    currency as currency_code,
    {{ utc_timestamp('_ingested_at') }} as ingested_at,
    _source_key as source_key
from source
