-- The additive parts of every daily KPI, long: one row per site × local day × kpi × breakdown
-- value, with numerator and denominator (denominator null for sums). Each business domain computes
-- its parts in its own int_kpi_components_daily__<domain> model; this model only stacks them.
-- kpi_daily and kpi_monthly roll these up; nothing downstream averages a ratio.
{%- set parts = [
    'int_kpi_components_daily__transport',
    'int_kpi_components_daily__fulfilment',
    'int_kpi_components_daily__operations',
    'int_kpi_components_daily__service',
] %}
{% for part in parts %}
select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(kpi_date as date) as kpi_date,
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
    cast(null as date) as kpi_date,
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as {{ dbt.type_string() }}) as breakdown_value,
    cast(null as double) as numerator,
    cast(null as double) as denominator
where 1 = 0
