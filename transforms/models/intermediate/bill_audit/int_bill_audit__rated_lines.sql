-- Every vendor invoice line next to the contract rate in force on the first day of its service month
-- and the activity opslake measured, converted to the billed unit. A line repeating an activity,
-- site and service month already billed by the vendor (billing_rank > 1) is a duplicate candidate.
with lines as (
    select
        invoice_id, line_number, site_id, vendor_id, invoice_date, service_month, activity,
        quantity as billed_quantity, contracted_rate as billed_rate, billed_amount, currency_code,
        row_number() over (
            partition by vendor_id, site_id, service_month, activity
            order by invoice_date, invoice_id, line_number
        ) as billing_rank
    from {{ ref('stg_erp__vendor_invoices') }}
),

rates as (
    select * from {{ ref('stg_reference__rate_cards') }}
),

measured as (
    select * from {{ ref('int_bill_audit__measured_activity') }}
)

select
    lines.*,
    rates.rate as contract_rate,
    rates.quantity_tolerance_pct,
    {{ is_measured_billing_activity('lines.activity') }} as is_measured_activity,
    -- A measured activity with no measured row was not done that month: 0, not unknown.
    case
        when {{ is_measured_billing_activity('lines.activity') }} and rates.units_per_billed_unit is not null
            then cast(round(coalesce(measured.measured_quantity, 0) / rates.units_per_billed_unit, 3) as decimal(18, 3))
    end as measured_quantity
from lines
left join rates
    on lines.vendor_id = rates.vendor_id
    and lines.site_id = rates.site_id
    and lines.activity = rates.activity
    and rates.valid_from <= lines.service_month
    and (rates.valid_to is null or rates.valid_to >= lines.service_month)
left join measured
    on lines.site_id = measured.site_id
    and lines.service_month = measured.month_start
    and lines.activity = measured.activity
