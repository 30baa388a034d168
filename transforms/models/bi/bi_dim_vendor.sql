{{ config(alias='dim_vendor') }}
-- One row per vendor (supplier, billing vendor or both).
select
    vendor_id as vendor_id,
    is_supplier as supplier,
    is_billing_vendor as billing_vendor,
    first_receipt_date as first_receipt,
    first_invoice_date as first_invoice
from {{ ref('dim_vendor') }}
