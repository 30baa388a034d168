{#-
  kpi_data_quality: which checks of this build did not pass and which KPIs they touch
  (docs/transforms.md, "Which checks stop a build, and which flag"). Runs at the end of every
  build (on-run-end): empties the kpi_data_quality table (built empty by its model) and inserts one
  row per failing check × KPI whose parts are computed from the model the check tested (or from
  anything upstream of it); a check that touches no KPI still gets a row, with kpi null, so every
  failing check is listed. Empty when all passed. The same statements on DuckDB and Athena (there
  the table is Iceberg, which takes DELETE and INSERT).

  The KPI part models are the int_kpi_components_*__<domain> and int_kpi_observations_*__<domain>
  models; the KPIs each one yields are read from it (select distinct kpi), so a KPI added to a part
  model is covered without being named here.
-#}
{% macro publish_data_quality(results) -%}
{%- if not execute -%}{{ return('select 1') }}{%- endif -%}
{%- set node = graph.nodes.get('model.opslake.kpi_data_quality') -%}
{%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) if node else none -%}
{#- Not built (a build that failed before it, or one that did not select it): nothing to publish into. -#}
{%- if relation is none -%}{{ return('select 1') }}{%- endif -%}
{%- do run_query(data_quality_clear(relation)) -%}
{%- set rows = data_quality_rows(results) -%}
{{ return(data_quality_insert(relation, rows) if rows else 'select 1') }}
{%- endmacro %}

{#- Empties the table: the flags are those of the build that just ran. -#}
{% macro data_quality_clear(relation) -%}
delete from {{ relation }}
{%- endmacro %}

{#- The insert of `rows` (dicts: kpi, check_name, check_status, failures, tested_models, message). -#}
{% macro data_quality_insert(relation, rows) -%}
{%- set text = dbt.type_string() -%}
insert into {{ relation }} (kpi, check_name, check_status, failures, tested_models, message)
{% for r in rows -%}
select
    cast({{ "'" ~ r.kpi ~ "'" if r.kpi is not none else 'null' }} as {{ text }}),
    cast('{{ r.check_name | replace("'", "''") }}' as {{ text }}),
    cast('{{ r.check_status }}' as {{ text }}),
    cast({{ r.failures if r.failures is not none else 'null' }} as bigint),
    cast('{{ r.tested_models | replace("'", "''") }}' as {{ text }}),
    cast('{{ (r.message or '') | replace("'", "''") }}' as {{ text }})
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
{%- endmacro %}

{#- Failing checks of `results` × the KPIs whose parts are computed from what they tested. -#}
{% macro data_quality_rows(results) -%}
{%- set flagged_statuses = ['warn', 'fail', 'error'] -%}
{%- set parts = [] -%}
{%- for node in graph.nodes.values() -%}
    {%- if node.resource_type == 'model' and '__' in node.name
        and (node.name.startswith('int_kpi_components_') or node.name.startswith('int_kpi_observations_')) -%}
        {%- do parts.append(node) -%}
    {%- endif -%}
{%- endfor -%}

{#- Each part model with everything upstream of it (a fixed number of passes: the DAG is shallow). -#}
{%- set upstream_of = {} -%}
{%- for part in parts -%}
    {%- set seen = [part.unique_id] -%}
    {%- for _ in range(25) -%}
        {%- for uid in seen[:] -%}
            {%- if uid in graph.nodes -%}
                {%- for parent in graph.nodes[uid].depends_on.nodes -%}
                    {%- if parent not in seen -%}{%- do seen.append(parent) -%}{%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do upstream_of.update({part.unique_id: seen}) -%}
{%- endfor -%}

{%- set kpis_of = {} -%}
{%- set rows = [] -%}
{%- for result in results -%}
    {%- if result.node.resource_type == 'test' and result.status in flagged_statuses -%}
        {%- set status = 'warn' if result.status == 'warn' else ('error' if result.status == 'error' else 'fail') -%}
        {%- set tested = result.node.depends_on.nodes | select('in', graph.nodes) | list -%}
        {%- set tested_names = [] -%}
        {%- for uid in tested -%}{%- do tested_names.append(graph.nodes[uid].name) -%}{%- endfor -%}
        {%- set affected = [] -%}
        {%- for part in parts -%}
            {%- set touches = [] -%}
            {%- for uid in tested -%}
                {%- if uid in upstream_of[part.unique_id] -%}{%- do touches.append(uid) -%}{%- endif -%}
            {%- endfor -%}
            {%- if touches -%}
                {%- if part.unique_id not in kpis_of -%}
                    {%- set relation = adapter.get_relation(database=part.database, schema=part.schema, identifier=part.alias) -%}
                    {%- set names = [] -%}
                    {%- if relation is not none -%}
                        {%- for row in run_query('select distinct kpi from ' ~ relation).rows -%}
                            {%- do names.append(row[0]) -%}
                        {%- endfor -%}
                    {%- endif -%}
                    {%- do kpis_of.update({part.unique_id: names}) -%}
                {%- endif -%}
                {%- for kpi in kpis_of[part.unique_id] -%}
                    {%- if kpi not in affected -%}{%- do affected.append(kpi) -%}{%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for kpi in (affected | sort) or [none] -%}
            {%- do rows.append({
                'kpi': kpi,
                'check_name': result.node.name,
                'check_status': status,
                'failures': result.failures,
                'tested_models': tested_names | join(', '),
                'message': result.message,
            }) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endfor -%}

{{ return(rows) }}
{%- endmacro %}
