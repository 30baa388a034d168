-- One observation per event for the distribution KPIs (medians and p90s are recomputed from these
-- at every roll-up grain): site × local day × kpi × observed value in the KPI's unit.
select
    cast(null as {{ dbt.type_string() }}) as site_id,
    cast(null as date) as kpi_date,
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as double) as observed_value
where 1 = 0
