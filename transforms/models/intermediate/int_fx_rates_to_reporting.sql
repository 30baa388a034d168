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

direct_rates as (
    select from_currency, period_month, average_rate, rate_source
    from {{ ref('stg_reference__fx_rates') }}
    where to_currency = '{{ reporting_currency }}'
),

-- Many publishers quote only one direction (the ECB quotes every currency per euro): a month with
-- a rate from the reporting currency into X and none from X translates X at its reciprocal. A
-- direct rate always wins, so a feed quoting both keeps its own figure for each direction.
inverse_rates as (
    select
        to_currency as from_currency,
        period_month,
        1 / cast(average_rate as double) as average_rate,
        {{ dbt.concat(["'inverse of '", 'rate_source']) }} as rate_source
    from {{ ref('stg_reference__fx_rates') }}
    where from_currency = '{{ reporting_currency }}'
),

rates as (
    select
        coalesce(direct_rates.from_currency, inverse_rates.from_currency) as from_currency,
        coalesce(direct_rates.period_month, inverse_rates.period_month) as period_month,
        case when direct_rates.from_currency is not null then cast(direct_rates.average_rate as double)
            else inverse_rates.average_rate end as average_rate,
        case when direct_rates.from_currency is not null then direct_rates.rate_source
            else inverse_rates.rate_source end as rate_source
    from direct_rates
    full outer join inverse_rates
        on direct_rates.from_currency = inverse_rates.from_currency
        and direct_rates.period_month = inverse_rates.period_month
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
