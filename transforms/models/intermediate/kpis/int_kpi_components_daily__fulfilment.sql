-- Daily KPI parts from order fulfilment, quality and returns (formulas: the KPI registry).
with orders_due as (
    -- Orders are judged on their promised local day; cancelled orders are not due.
    select * from {{ ref('fct_orders') }}
    where not is_cancelled
),

events as (
    select * from {{ ref('fct_order_events') }}
),

checks as (
    select * from {{ ref('fct_quality_checks') }}
),

returns as (
    select * from {{ ref('fct_returns') }}
),

lines_due as (
    select lines.site_id, orders_due.promised_date, lines.is_shipped_complete
    from {{ ref('fct_order_lines') }} as lines
    inner join orders_due on lines.order_id = orders_due.order_id
),

units_shipped_daily as (
    select site_id, event_date as kpi_date, sum(quantity) as units
    from events
    where event_type = 'shipped'
    group by site_id, event_date
),

units_returned_daily as (
    select site_id, received_date as kpi_date, sum(quantity) as units
    from returns
    group by site_id, received_date
),

otif as (
    select
        site_id, promised_date as kpi_date, 'otif_rate' as kpi,
        sum(case when is_otif then 1 else 0 end) as numerator, count(*) as denominator
    from orders_due
    group by site_id, promised_date
),

perfect_order as (
    select
        site_id, promised_date as kpi_date, 'perfect_order_rate' as kpi,
        sum(case when is_perfect then 1 else 0 end) as numerator, count(*) as denominator
    from orders_due
    group by site_id, promised_date
),

line_fill as (
    select
        site_id, promised_date as kpi_date, 'line_fill_rate' as kpi,
        sum(case when is_shipped_complete then 1 else 0 end) as numerator, count(*) as denominator
    from lines_due
    group by site_id, promised_date
),

units_shipped as (
    select
        site_id, kpi_date, 'units_shipped' as kpi,
        units as numerator, cast(null as {{ dbt.type_bigint() }}) as denominator
    from units_shipped_daily
),

defects as (
    select
        site_id, check_date as kpi_date, 'defect_rate' as kpi,
        sum(defective_units) as numerator, sum(inspected_units) as denominator
    from checks
    group by site_id, check_date
),

first_time_right as (
    select
        site_id, check_date as kpi_date, 'first_time_right_rate' as kpi,
        sum(case when passed_first_time then 1 else 0 end) as numerator, count(*) as denominator
    from checks
    group by site_id, check_date
),

return_rate as (
    -- Returns by the day they arrive over units shipped that day: the two sides are separate
    -- events, so a day with only one of them still counts its part.
    {{ kpi_parts_from_two_sides('return_rate', 'units_returned_daily', 'units', 'units_shipped_daily', 'units') }}
)

select site_id, kpi_date, kpi, 'all' as breakdown_value, numerator, denominator from otif
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from perfect_order
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from line_fill
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from units_shipped
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from defects
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from first_time_right
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from return_rate
