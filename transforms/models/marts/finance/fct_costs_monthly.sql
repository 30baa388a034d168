-- Operating cost per site, month and cost category: actual (sum of GL lines) next to budget. A
-- category with a budget and no actuals (or the reverse) still gets its row, with 0 on the empty side.
with actuals as (
    select site_id, period_month, cost_category, sum(amount) as actual_amount, max(currency_code) as currency_code
    from {{ ref('stg_erp__gl_costs') }}
    group by site_id, period_month, cost_category
),

budgets as (
    select site_id, period_month, cost_category, sum(budget_amount) as budget_amount, max(currency_code) as currency_code
    from {{ ref('stg_erp__budgets') }}
    group by site_id, period_month, cost_category
)

select
    coalesce(actuals.site_id, budgets.site_id) as site_id,
    coalesce(actuals.period_month, budgets.period_month) as month_start,
    coalesce(actuals.cost_category, budgets.cost_category) as cost_category,
    cast(coalesce(actuals.actual_amount, 0) as decimal(18, 2)) as actual_amount,
    cast(coalesce(budgets.budget_amount, 0) as decimal(18, 2)) as budget_amount,
    cast(coalesce(actuals.actual_amount, 0) - coalesce(budgets.budget_amount, 0) as decimal(18, 2)) as variance_amount,
    coalesce(actuals.currency_code, budgets.currency_code) as currency_code
from actuals
full outer join budgets
    on actuals.site_id = budgets.site_id
    and actuals.period_month = budgets.period_month
    and actuals.cost_category = budgets.cost_category
