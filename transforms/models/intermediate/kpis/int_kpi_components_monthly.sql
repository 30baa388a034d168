-- The additive parts of the monthly-grain KPIs (cost, budget, billing, turnover): one row per
-- site × month × kpi × breakdown value.
select
    cast(null as {{ dbt.type_string() }}) as site_id,
    cast(null as date) as month_start,
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as {{ dbt.type_string() }}) as breakdown_value,
    cast(null as double) as numerator,
    cast(null as double) as denominator
where 1 = 0
