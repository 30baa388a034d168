-- Monthly KPI parts from finance (formulas: the KPI registry). numerator and denominator are in the
-- reporting currency (var reporting_currency), so region and company roll-ups add like with like;
-- booking_numerator / booking_denominator carry the same parts in the site's own currency, which
-- kpi_monthly shows beside each site row. A site-month whose exchange rate has not arrived is left
-- out until it does (int_fx_rates_to_reporting's not_null check flags it) — adding untranslated
-- amounts would be worse than a flagged gap.
with gl_months as (
    -- A month counts only once the site's GL for it has arrived: a budget alone would read as
    -- 100 % under budget and a cost per order of 0 — good news that is only missing data.
    select distinct site_id, period_month as month_start from {{ ref('stg_erp__gl_costs') }}
),

costs as (
    select costs.*
    from {{ ref('fct_costs_monthly') }} as costs
    inner join gl_months
        on costs.site_id = gl_months.site_id
        and costs.month_start = gl_months.month_start
),

orders_completed as (
    -- "Orders shipped" in a month: orders whose last line shipped (completed) in that local month.
    select site_id, cast({{ dbt.date_trunc('month', 'completed_date') }} as date) as month_start, count(*) as orders
    from {{ ref('fct_orders') }}
    where is_complete and not is_cancelled
    group by site_id, cast({{ dbt.date_trunc('month', 'completed_date') }} as date)
),

operating_cost as (
    select
        site_id, month_start, sum(actual_amount_reporting) as amount, sum(actual_amount) as booking_amount,
        max(currency_code) as currency_code, max(fx_rate) as fx_rate, count(fx_rate) = count(*) as translated
    from costs
    group by site_id, month_start
),

budget_by_category as (
    select
        site_id, month_start, 'budget_variance_pct' as kpi, cost_category as breakdown_value,
        variance_amount_reporting as numerator, budget_amount_reporting as denominator,
        currency_code, variance_amount as booking_numerator, budget_amount as booking_denominator, fx_rate
    from costs
    where fx_rate is not null
),

budget_overall as (
    select
        site_id, month_start, 'budget_variance_pct' as kpi, 'all' as breakdown_value,
        sum(variance_amount_reporting) as numerator, sum(budget_amount_reporting) as denominator,
        max(currency_code) as currency_code, sum(variance_amount) as booking_numerator,
        sum(budget_amount) as booking_denominator, max(fx_rate) as fx_rate
    from costs
    group by site_id, month_start
    having count(fx_rate) = count(*)
),

vendor_billing as (
    select
        site_id, service_month as month_start, 'vendor_billing_variance_pct' as kpi, 'all' as breakdown_value,
        sum(variance_amount_reporting) as numerator, sum(expected_amount_reporting) as denominator,
        max(currency_code) as currency_code, sum(variance_amount) as booking_numerator,
        sum(expected_amount) as booking_denominator, max(fx_rate) as fx_rate
    from {{ ref('fct_vendor_billing') }}
    group by site_id, service_month
    having count(fx_rate) = count(*)
),

cost_per_order as (
    select
        operating_cost.site_id, operating_cost.month_start, 'cost_per_order' as kpi, 'all' as breakdown_value,
        operating_cost.amount as numerator, coalesce(orders_completed.orders, 0) as denominator,
        operating_cost.currency_code, operating_cost.booking_amount as booking_numerator,
        coalesce(orders_completed.orders, 0) as booking_denominator, operating_cost.fx_rate
    from operating_cost
    left join orders_completed
        on operating_cost.site_id = orders_completed.site_id
        and operating_cost.month_start = orders_completed.month_start
    where operating_cost.translated
)

{%- for part in ['budget_by_category', 'budget_overall', 'vendor_billing', 'cost_per_order'] %}
select
    site_id, month_start, kpi, breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(currency_code as {{ dbt.type_string() }}) as booking_currency_code,
    cast(booking_numerator as double) as booking_numerator,
    cast(booking_denominator as double) as booking_denominator,
    cast(fx_rate as decimal(18, 8)) as fx_rate
from {{ part }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
