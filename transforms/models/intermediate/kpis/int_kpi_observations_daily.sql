-- One observation per event for the distribution KPIs (medians and p90s are recomputed from these
-- at every roll-up grain): site × local day × kpi × observed value in the KPI's unit. Each domain
-- emits its observations in its own int_kpi_observations_daily__<domain> model; this one stacks them.
{%- set parts = [
    'int_kpi_observations_daily__fulfilment',
    'int_kpi_observations_daily__operations',
] %}
{% for part in parts %}
select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(kpi_date as date) as kpi_date,
    cast(kpi as {{ dbt.type_string() }}) as kpi,
    cast(observed_value as double) as observed_value
from {{ ref(part) }}
union all
{%- endfor %}
-- Keeps the column types when no domain contributes (and ends the union above).
select
    cast(null as {{ dbt.type_string() }}) as site_id,
    cast(null as date) as kpi_date,
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as double) as observed_value
where 1 = 0
