-- The dispute list to send the vendor: every invoice line the audit disputes, with what was billed,
-- what the contract and opslake's measured activity say it should be, and why.
select
    vendor_id,
    invoice_id,
    line_number,
    site_id,
    service_month,
    activity,
    dispute_reason,
    dispute_reasons,
    billed_quantity,
    measured_quantity,
    billed_rate,
    contract_rate,
    billed_amount,
    expected_amount,
    amount_variance,
    currency_code
from {{ ref('fct_bill_audit_lines') }}
where is_disputed
