-- The additive parts of the monthly-grain KPIs (cost, budget, billing, turnover): one row per
-- site × month × kpi × breakdown value. Each domain computes its parts in its own
-- int_kpi_components_monthly__<domain> model; this model only stacks them.
{%- set parts = [
    'int_kpi_components_monthly__operations',
    'int_kpi_components_monthly__finance',
] %}
{% for part in parts %}
select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(month_start as date) as month_start,
    cast(kpi as {{ dbt.type_string() }}) as kpi,
    cast(breakdown_value as {{ dbt.type_string() }}) as breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator
from {{ ref(part) }}
union all
{%- endfor %}
-- Keeps the column types when no domain contributes (and ends the union above).
select
    cast(null as {{ dbt.type_string() }}) as site_id,
    cast(null as date) as month_start,
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as {{ dbt.type_string() }}) as breakdown_value,
    cast(null as double) as numerator,
    cast(null as double) as denominator
where 1 = 0
