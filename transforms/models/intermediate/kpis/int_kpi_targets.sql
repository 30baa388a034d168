-- Site targets from reference kpi_targets, as validity ranges per site and KPI.
select
    cast(null as {{ dbt.type_string() }}) as site_id,
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as date) as valid_from,
    cast(null as date) as valid_to,
    cast(null as double) as target_value
where 1 = 0
