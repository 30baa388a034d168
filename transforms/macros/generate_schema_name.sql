{#-
  Where a model with a custom schema lands. Only the BI layer has one (`+schema: bi` in
  dbt_project.yml): locally the DuckDB schema `bi`; in Athena its own Glue database, named once by
  the var `bi_database` (the database BI roles are granted). Every other model keeps the target's
  schema, except that in Athena the staging and intermediate models go to their own Glue database
  (the var `staging_database`): BI and analyst grants cover the marts and BI databases only.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if target.type == 'athena' and node.resource_type == 'model' and node.fqn[1] in ['staging', 'intermediate'] -%}
        {{ var('staging_database') }}
    {%- elif custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.type == 'athena' and custom_schema_name == 'bi' -%}
        {{ var('bi_database') }}
    {%- else -%}
        {{ custom_schema_name }}
    {%- endif -%}
{%- endmacro %}
