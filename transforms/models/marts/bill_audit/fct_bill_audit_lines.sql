-- The bill audit, one row per vendor invoice line: each billed line checked against the rate card
-- and opslake's own measured activity (docs/bill-audit.md). Checks, each a reason to dispute:
--   duplicate_billing          the activity, site and month were already billed on an earlier line
--   no_contract_rate           no rate card row covers the line's vendor, site, activity and month
--   rate_above/below_contract  the rate on the line differs from the contract rate
--   quantity_above/below_measured  billed quantity off the measured one by more than the tolerance
--   extension_error            billed amount ≠ the line's own quantity × rate (± 0.01)
with rated as (
    select * from {{ ref('int_bill_audit__rated_lines') }}
),

checked as (
    select
        rated.*,
        billing_rank > 1 as is_duplicate,
        cast(billed_quantity - measured_quantity as decimal(18, 3)) as quantity_variance,
        cast(billed_rate - contract_rate as decimal(18, 4)) as rate_variance,
        cast(billed_amount - round(billed_quantity * billed_rate, 2) as decimal(18, 2)) as extension_variance,
        measured_quantity is not null
            and abs(billed_quantity - measured_quantity) > measured_quantity * quantity_tolerance_pct
            as is_quantity_off
    from rated
),

accepted as (
    select
        checked.*,
        -- The quantity the vendor is owed for: none for a duplicate, the billed one when it is
        -- within tolerance (or not measured), otherwise what opslake measured.
        case
            when is_duplicate then cast(0 as decimal(18, 3))
            when measured_quantity is null or not is_quantity_off then billed_quantity
            else measured_quantity
        end as accepted_quantity
    from checked
),

reasons as (
    select
        accepted.*,
        case when is_duplicate then 'duplicate_billing' end as r_duplicate,
        case when contract_rate is null then 'no_contract_rate' end as r_contract,
        case
            when rate_variance > 0 then 'rate_above_contract'
            when rate_variance < 0 then 'rate_below_contract'
        end as r_rate,
        case
            when is_duplicate or not is_quantity_off then null
            when quantity_variance > 0 then 'quantity_above_measured'
            else 'quantity_below_measured'
        end as r_quantity,
        case when abs(extension_variance) > 0.01 then 'extension_error' end as r_extension
    from accepted
)

select
    invoice_id,
    line_number,
    site_id,
    vendor_id,
    invoice_date,
    service_month,
    activity,
    billed_quantity,
    measured_quantity,
    quantity_variance,
    quantity_tolerance_pct,
    accepted_quantity,
    billed_rate,
    contract_rate,
    rate_variance,
    billed_amount,
    extension_variance,
    cast(case when contract_rate is null then 0 else round(accepted_quantity * contract_rate, 2) end as decimal(18, 2))
        as expected_amount,
    cast(
        billed_amount - case when contract_rate is null then 0 else round(accepted_quantity * contract_rate, 2) end
        as decimal(18, 2)
    ) as amount_variance,
    is_measured_activity,
    coalesce(r_duplicate, r_contract, r_rate, r_quantity, r_extension) as dispute_reason,
    nullif(concat_ws(', ', r_duplicate, r_contract, r_rate, r_quantity, r_extension), '') as dispute_reasons,
    coalesce(r_duplicate, r_contract, r_rate, r_quantity, r_extension) is not null as is_disputed,
    currency_code
from reasons
