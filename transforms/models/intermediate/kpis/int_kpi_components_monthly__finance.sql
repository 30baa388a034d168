-- Monthly KPI parts from finance (formulas: the KPI registry). Money ratios are taken in the
-- site's own currency, so region and company roll-ups assume one currency across sites.
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
    select site_id, month_start, sum(actual_amount) as amount
    from costs
    group by site_id, month_start
),

budget_by_category as (
    select
        site_id, month_start, 'budget_variance_pct' as kpi, cost_category as breakdown_value,
        variance_amount as numerator, budget_amount as denominator
    from costs
),

budget_overall as (
    select
        site_id, month_start, 'budget_variance_pct' as kpi, 'all' as breakdown_value,
        sum(variance_amount) as numerator, sum(budget_amount) as denominator
    from costs
    group by site_id, month_start
),

vendor_billing as (
    select
        site_id, service_month as month_start, 'vendor_billing_variance_pct' as kpi, 'all' as breakdown_value,
        sum(variance_amount) as numerator, sum(expected_amount) as denominator
    from {{ ref('fct_vendor_billing') }}
    group by site_id, service_month
),

cost_per_order as (
    select
        operating_cost.site_id, operating_cost.month_start, 'cost_per_order' as kpi, 'all' as breakdown_value,
        operating_cost.amount as numerator, coalesce(orders_completed.orders, 0) as denominator
    from operating_cost
    left join orders_completed
        on operating_cost.site_id = orders_completed.site_id
        and operating_cost.month_start = orders_completed.month_start
)

select * from budget_by_category
union all
select * from budget_overall
union all
select * from vendor_billing
union all
select * from cost_per_order
