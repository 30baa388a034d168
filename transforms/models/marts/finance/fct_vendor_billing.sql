-- One row per vendor invoice line: billed amount against the amount expected from the rate card
-- (quantity × contracted rate, rounded to cents as an invoice would be), in the invoice currency
-- and translated into the reporting currency at the service month's average rate, line by line.
with lines as (
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
        round(quantity * contracted_rate, 2) as expected_amount,
        currency_code
    from {{ ref('stg_erp__vendor_invoices') }}
)

select
    lines.invoice_id,
    lines.line_number,
    lines.site_id,
    lines.vendor_id,
    lines.invoice_date,
    lines.service_month,
    lines.activity,
    lines.quantity,
    lines.contracted_rate,
    lines.billed_amount,
    cast(lines.expected_amount as decimal(18, 2)) as expected_amount,
    cast(lines.billed_amount - lines.expected_amount as decimal(18, 2)) as variance_amount,
    lines.currency_code,
    fx.reporting_currency_code,
    fx.fx_rate,
    cast(round(lines.billed_amount * fx.fx_rate, 2) as decimal(18, 2)) as billed_amount_reporting,
    cast(round(lines.expected_amount * fx.fx_rate, 2) as decimal(18, 2)) as expected_amount_reporting,
    cast(
        round(lines.billed_amount * fx.fx_rate, 2) - round(lines.expected_amount * fx.fx_rate, 2) as decimal(18, 2)
    ) as variance_amount_reporting
from lines
left join {{ ref('int_fx_rates_to_reporting') }} as fx
    on lines.currency_code = fx.currency_code
    and lines.service_month = fx.month_start
