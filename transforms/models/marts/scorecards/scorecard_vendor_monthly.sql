-- The vendor scorecard for performance reviews, per vendor, site and month: for suppliers, the
-- receipts (lines received in full, units and their share of the site's units received) and inbound
-- quality (defective ÷ inspected units); for 3PLs, the bill audit's billing accuracy and amounts and
-- the billed cost per unit shipped from the site; the rank among the site's suppliers on in-full
-- rate, the previous month and the last_12_months 12 months. docs/scorecards.md.
with receipts as (
    select * from {{ ref('fct_receipts') }}
),

inbound as (
    select
        receipts.site_id, receipts.vendor_id,
        cast({{ dbt.date_trunc('month', 'receipts.arrival_date') }} as date) as month_start,
        count(*) as receipt_lines,
        sum(case when receipts.received_qty >= receipts.expected_qty then 1 else 0 end) as lines_in_full,
        sum(receipts.received_qty) as units_received,
        sum(coalesce(checks.inspected_units, 0)) as inspected_units,
        sum(coalesce(checks.defective_units, 0)) as defective_units
    from receipts
    left join (
        select reference_id, sum(inspected_units) as inspected_units, sum(defective_units) as defective_units
        from {{ ref('fct_quality_checks') }}
        where check_type = 'inbound'
        group by reference_id
    ) as checks on receipts.receipt_id = checks.reference_id
    group by 1, 2, 3
),

billing as (
    select site_id, vendor_id, service_month as month_start, invoice_lines, disputed_lines,
        billing_accuracy_rate, billed_amount, amount_variance, currency_code
    from {{ ref('bill_audit_monthly') }}
),

units_shipped as (
    select site_id, cast({{ dbt.date_trunc('month', 'ship_date') }} as date) as month_start, sum(units) as units
    from {{ ref('fct_shipments') }}
    where shipment_status <> 'cancelled'
    group by 1, 2
),

keys as (
    select site_id, vendor_id, month_start from inbound
    union
    select site_id, vendor_id, month_start from billing
),

joined as (
    select
        keys.site_id, keys.vendor_id, keys.month_start,
        coalesce(inbound.receipt_lines, 0) as receipt_lines,
        coalesce(inbound.lines_in_full, 0) as lines_in_full,
        coalesce(inbound.units_received, 0) as units_received,
        coalesce(inbound.inspected_units, 0) as inspected_units,
        coalesce(inbound.defective_units, 0) as defective_units,
        coalesce(billing.invoice_lines, 0) as invoice_lines,
        coalesce(billing.disputed_lines, 0) as disputed_lines,
        billing.billing_accuracy_rate,
        billing.billed_amount,
        billing.amount_variance,
        billing.currency_code,
        units_shipped.units as site_units_shipped
    from keys
    left join inbound
        on keys.site_id = inbound.site_id and keys.vendor_id = inbound.vendor_id and keys.month_start = inbound.month_start
    left join billing
        on keys.site_id = billing.site_id and keys.vendor_id = billing.vendor_id and keys.month_start = billing.month_start
    left join units_shipped
        on keys.site_id = units_shipped.site_id and keys.month_start = units_shipped.month_start
),

last_12_months as (
    select
        current_month.site_id, current_month.vendor_id, current_month.month_start,
        sum(window_month.lines_in_full) as lines_in_full_12m,
        sum(window_month.receipt_lines) as receipt_lines_12m,
        max(case when window_month.month_start = cast({{ dbt.dateadd('month', -1, 'current_month.month_start') }} as date)
            then {{ safe_ratio('window_month.lines_in_full', 'window_month.receipt_lines') }} end) as in_full_rate_prev_month
    from joined as current_month
    inner join joined as window_month
        on current_month.site_id = window_month.site_id
        and current_month.vendor_id = window_month.vendor_id
        and window_month.month_start <= current_month.month_start
        and window_month.month_start > cast({{ dbt.dateadd('month', -12, 'current_month.month_start') }} as date)
    group by 1, 2, 3
),

scored as (
    select
        joined.*,
        {{ safe_ratio('joined.lines_in_full', 'joined.receipt_lines') }} as in_full_rate,
        {{ safe_ratio('joined.units_received', 'sum(joined.units_received) over (partition by joined.site_id, joined.month_start)') }}
            as volume_share,
        {{ safe_ratio('joined.defective_units', 'joined.inspected_units') }} as defect_rate,
        cast(round({{ safe_ratio('joined.billed_amount', 'joined.site_units_shipped') }}, 4) as decimal(18, 4))
            as billed_cost_per_unit_shipped,
        last_12_months.in_full_rate_prev_month,
        {{ safe_ratio('last_12_months.lines_in_full_12m', 'last_12_months.receipt_lines_12m') }} as in_full_rate_12m
    from joined
    inner join last_12_months
        on joined.site_id = last_12_months.site_id and joined.vendor_id = last_12_months.vendor_id and joined.month_start = last_12_months.month_start
)

select
    site_id,
    vendor_id,
    month_start,
    receipt_lines,
    lines_in_full,
    in_full_rate,
    in_full_rate_prev_month,
    in_full_rate_12m,
    case when in_full_rate is not null
        then rank() over (partition by site_id, month_start, in_full_rate is null order by in_full_rate desc) end
        as in_full_rank,
    units_received,
    volume_share,
    inspected_units,
    defective_units,
    defect_rate,
    invoice_lines,
    disputed_lines,
    billing_accuracy_rate,
    billed_amount,
    amount_variance,
    billed_cost_per_unit_shipped,
    currency_code
from scored
