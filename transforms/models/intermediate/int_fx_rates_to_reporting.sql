-- The rate that translates each booked currency into the reporting currency (var
-- reporting_currency), for every currency × month that any money feed books: one row each, so a
-- month whose rate has not arrived is a row with a null rate — the not_null check on it names the
-- currency and month, and kpi_data_quality flags the finance KPIs — rather than a silent gap.
--
-- IAS 21 §39(b)–40: income and expenses are translated at the rates of their transaction dates, or
-- for practicality at the average rate of the period. GL costs, budgets and invoices are booked per
-- month, so the month's average rate applies. The budget is translated at the same rate as the
-- actuals, so a currency move is never read as over- or under-spending.
{%- set reporting_currency = var('reporting_currency') %}
with booked as (
    select distinct currency_code, period_month as month_start from {{ ref('stg_erp__gl_costs') }}
    union
    select distinct currency_code, period_month from {{ ref('stg_erp__budgets') }}
    union
    select distinct currency_code, service_month from {{ ref('stg_erp__vendor_invoices') }}
),

rates as (
    select from_currency, period_month, average_rate, rate_source
    from {{ ref('stg_reference__fx_rates') }}
    where to_currency = '{{ reporting_currency }}'
)

select
    booked.currency_code,
    booked.month_start,
    cast('{{ reporting_currency }}' as {{ dbt.type_string() }}) as reporting_currency_code,
    cast(
        case when booked.currency_code = '{{ reporting_currency }}' then 1 else rates.average_rate end
        as decimal(18, 8)
    ) as fx_rate,
    cast(
        case when booked.currency_code = '{{ reporting_currency }}' then 'identity' else rates.rate_source end
        as {{ dbt.type_string() }}
    ) as rate_source
from booked
left join rates
    on booked.currency_code = rates.from_currency
    and booked.month_start = rates.period_month
