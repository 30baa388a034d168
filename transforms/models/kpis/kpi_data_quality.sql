-- The checks of the last build that did not pass, × the KPIs they touch (docs/transforms.md,
-- "Which checks stop a build, and which flag"). The model only creates the table, empty and typed
-- alike on DuckDB and Athena (an Iceberg table there, so rows can be deleted); the on-run-end hook
-- publish_data_quality (macros/data_quality.sql) fills it from the build's results, which no model
-- can see while the build runs.
select
    cast(null as {{ dbt.type_string() }}) as kpi,
    cast(null as {{ dbt.type_string() }}) as check_name,
    cast(null as {{ dbt.type_string() }}) as check_status,
    cast(null as bigint) as failures,
    cast(null as {{ dbt.type_string() }}) as tested_models,
    cast(null as {{ dbt.type_string() }}) as message
where 1 = 0
