-- One row per vendor seen in receipts (suppliers) or vendor invoices (3PL and service vendors).
with receipts as (
    select vendor_id, min(arrived_at) as first_seen_at from {{ ref('stg_wms__receipts') }} group by vendor_id
),

invoices as (
    select vendor_id, min(invoice_date) as first_invoice_date from {{ ref('stg_erp__vendor_invoices') }} group by vendor_id
)

select
    coalesce(receipts.vendor_id, invoices.vendor_id) as vendor_id,
    receipts.vendor_id is not null as is_supplier,
    invoices.vendor_id is not null as is_billing_vendor,
    cast(receipts.first_seen_at as date) as first_receipt_date,
    invoices.first_invoice_date
from receipts
full outer join invoices on receipts.vendor_id = invoices.vendor_id
