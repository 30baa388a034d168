-- One row per vendor invoice line: billed amount against the amount expected from the rate card
-- (quantity × contracted rate, rounded to cents as an invoice would be).
select
    invoice_id,
    line_number,
    site_id,
    vendor_id,
    invoice_date,
    service_month,
    activity,
    quantity,
    contracted_rate,
    billed_amount,
    cast(round(quantity * contracted_rate, 2) as decimal(18, 2)) as expected_amount,
    cast(billed_amount - round(quantity * contracted_rate, 2) as decimal(18, 2)) as variance_amount,
    currency_code
from {{ ref('stg_erp__vendor_invoices') }}
