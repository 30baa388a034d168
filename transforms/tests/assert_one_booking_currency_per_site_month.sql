-- Money is translated into the reporting currency per site, month and booked currency, but a
-- site's month is compared (actual against budget, billed against expected) in one currency: a
-- site booking a month's GL, budget or invoices in two currencies would compare unlike amounts.
-- Lists each such site and month with the currencies it books (warns, flags the finance KPIs).
with booked as (
    select site_id, period_month as month_start, currency_code from {{ ref('stg_erp__gl_costs') }}
    union
    select site_id, period_month, currency_code from {{ ref('stg_erp__budgets') }}
    union
    select site_id, service_month, currency_code from {{ ref('stg_erp__vendor_invoices') }}
)

select site_id, month_start, count(distinct currency_code) as currencies, min(currency_code) as first_currency,
    max(currency_code) as last_currency
from booked
group by site_id, month_start
having count(distinct currency_code) > 1
