{#-
  kpi_data_quality: which checks of this build did not pass and which KPIs they touch
  (docs/transforms.md, "When a check fails"). Runs at the end of every build (on-run-end) and
  rewrites the table from the build's results: one row per failing check × KPI whose parts are
  computed from the model the check tested (or from anything upstream of it); a check that touches
  no KPI still gets a row, with kpi null, so every failing check is listed. Empty when all passed.

  The KPI part models are the int_kpi_components_*__<domain> and int_kpi_observations_*__<domain>
  models; the KPIs each one yields are read from it (select distinct kpi), so a KPI added to a part
  model is covered without being named here.
-#}
{% macro publish_data_quality(results) -%}
    {{ return(adapter.dispatch('publish_data_quality')(results)) }}
{%- endmacro %}

{#- Athena: not yet — the flags live in the local build's summary only (docs/transforms.md). -#}
{% macro athena__publish_data_quality(results) -%}
    select 1
{%- endmacro %}

{% macro default__publish_data_quality(results) -%}
{%- if not execute -%}{{ return('select 1') }}{%- endif -%}
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

{%- set text = dbt.type_string() -%}
create or replace table {{ target.schema }}.kpi_data_quality as
{% for r in rows -%}
select
    cast({{ "'" ~ r.kpi ~ "'" if r.kpi is not none else 'null' }} as {{ text }}) as kpi,
    cast('{{ r.check_name | replace("'", "''") }}' as {{ text }}) as check_name,
    cast('{{ r.check_status }}' as {{ text }}) as check_status,
    cast({{ r.failures if r.failures is not none else 'null' }} as bigint) as failures,
    cast('{{ r.tested_models | replace("'", "''") }}' as {{ text }}) as tested_models,
    cast('{{ (r.message or '') | replace("'", "''") }}' as {{ text }}) as message
union all
{% endfor -%}
select
    cast(null as {{ text }}) as kpi,
    cast(null as {{ text }}) as check_name,
    cast(null as {{ text }}) as check_status,
    cast(null as bigint) as failures,
    cast(null as {{ text }}) as tested_models,
    cast(null as {{ text }}) as message
where 1 = 0
{%- endmacro %}
