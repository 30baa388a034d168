{#-
  Where a model with a custom schema lands. Only the BI layer has one (`+schema: bi` in
  dbt_project.yml): locally the DuckDB schema `bi`; in Athena its own Glue database, named once by
  the var `bi_database` (the database BI roles are granted). Every other model keeps the target's
  schema, as before.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.type == 'athena' and custom_schema_name == 'bi' -%}
        {{ var('bi_database') }}
    {%- else -%}
        {{ custom_schema_name }}
    {%- endif -%}
{%- endmacro %}
