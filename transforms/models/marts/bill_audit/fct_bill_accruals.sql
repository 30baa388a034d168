-- The accrual estimate: activity opslake measured in a service month under a vendor's rate card that
-- no invoice line of that vendor bills yet, priced at the contract rate. Value-added services are not
-- measured, so they cannot be accrued.
with measured as (
    select * from {{ ref('int_bill_audit__measured_activity') }}
),

rates as (
    select * from {{ ref('stg_reference__rate_cards') }}
),

billed as (
    select distinct vendor_id, site_id, service_month, activity
    from {{ ref('stg_erp__vendor_invoices') }}
),

unbilled as (
    select
        rates.vendor_id,
        measured.site_id,
        measured.month_start as service_month,
        measured.activity,
        cast(round(measured.measured_quantity / rates.units_per_billed_unit, 3) as decimal(18, 3)) as accrued_quantity,
        rates.rate as contract_rate,
        rates.currency_code
    from measured
    inner join rates
        on measured.site_id = rates.site_id
        and measured.activity = rates.activity
        and rates.valid_from <= measured.month_start
        and (rates.valid_to is null or rates.valid_to >= measured.month_start)
    left join billed
        on rates.vendor_id = billed.vendor_id
        and measured.site_id = billed.site_id
        and measured.month_start = billed.service_month
        and measured.activity = billed.activity
    where billed.vendor_id is null
)

select
    vendor_id,
    site_id,
    service_month,
    activity,
    accrued_quantity,
    contract_rate,
    cast(round(accrued_quantity * contract_rate, 2) as decimal(18, 2)) as accrual_amount,
    currency_code
from unbilled
