-- Billing accuracy per vendor, site and service month: the audit's KPIs for the monthly close.
select
    vendor_id,
    site_id,
    service_month,
    count(*) as invoice_lines,
    sum(case when is_disputed then 1 else 0 end) as disputed_lines,
    {{ safe_ratio('sum(case when is_disputed then 0 else 1 end)', 'count(*)') }} as billing_accuracy_rate,
    cast(sum(billed_amount) as decimal(18, 2)) as billed_amount,
    cast(sum(expected_amount) as decimal(18, 2)) as expected_amount,
    cast(sum(amount_variance) as decimal(18, 2)) as amount_variance,
    cast(sum(case when amount_variance > 0 then amount_variance else 0 end) as decimal(18, 2)) as overbilled_amount,
    {{ safe_ratio('sum(amount_variance)', 'sum(expected_amount)') }} as amount_variance_pct,
    min(currency_code) as currency_code
from {{ ref('fct_bill_audit_lines') }}
group by vendor_id, site_id, service_month
