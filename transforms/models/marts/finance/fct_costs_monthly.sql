-- Operating cost per site, month and cost category: actual (sum of GL lines) next to budget, in the
-- currency booked and translated into the reporting currency at the month's average rate (the same
-- rate for actual and budget, so the variance is the spending, not the exchange rate). A category
-- with a budget and no actuals (or the reverse) still gets its row, with 0 on the empty side.
with actuals as (
    select site_id, period_month, cost_category, sum(amount) as actual_amount, max(currency_code) as currency_code
    from {{ ref('stg_erp__gl_costs') }}
    group by site_id, period_month, cost_category
),

budgets as (
    select site_id, period_month, cost_category, sum(budget_amount) as budget_amount, max(currency_code) as currency_code
    from {{ ref('stg_erp__budgets') }}
    group by site_id, period_month, cost_category
),

booked as (
    select
        coalesce(actuals.site_id, budgets.site_id) as site_id,
        coalesce(actuals.period_month, budgets.period_month) as month_start,
        coalesce(actuals.cost_category, budgets.cost_category) as cost_category,
        coalesce(actuals.actual_amount, 0) as actual_amount,
        coalesce(budgets.budget_amount, 0) as budget_amount,
        coalesce(actuals.currency_code, budgets.currency_code) as currency_code
    from actuals
    full outer join budgets
        on actuals.site_id = budgets.site_id
        and actuals.period_month = budgets.period_month
        and actuals.cost_category = budgets.cost_category
)

select
    booked.site_id,
    booked.month_start,
    booked.cost_category,
    cast(booked.actual_amount as decimal(18, 2)) as actual_amount,
    cast(booked.budget_amount as decimal(18, 2)) as budget_amount,
    cast(booked.actual_amount - booked.budget_amount as decimal(18, 2)) as variance_amount,
    booked.currency_code,
    fx.reporting_currency_code,
    fx.fx_rate,
    cast(round(booked.actual_amount * fx.fx_rate, 2) as decimal(18, 2)) as actual_amount_reporting,
    cast(round(booked.budget_amount * fx.fx_rate, 2) as decimal(18, 2)) as budget_amount_reporting,
    cast(
        round(booked.actual_amount * fx.fx_rate, 2) - round(booked.budget_amount * fx.fx_rate, 2) as decimal(18, 2)
    ) as variance_amount_reporting
from booked
left join {{ ref('int_fx_rates_to_reporting') }} as fx
    on booked.currency_code = fx.currency_code
    and booked.month_start = fx.month_start
