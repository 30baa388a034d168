{#-
  Iceberg table maintenance for the incremental facts on Athena:
  `dbt run-operation iceberg_maintenance [--args '{dry_run: true}']`.

  Only incremental Iceberg models need it: every `merge` and the correction post-hook's `delete`
  add a snapshot and small data/delete files, so hourly runs pile up files Athena must open and
  S3 versions the lake keeps. Tables dbt rebuilds from scratch start each run with one snapshot.
  - `OPTIMIZE … REWRITE DATA USING BIN_PACK` merges small files and applies delete files.
  - `VACUUM` expires snapshots older than the table's `vacuum_max_snapshot_age_seconds` (Athena's
    default, 5 days, is the time-travel window) and removes the files only they referenced.
  The transform runner calls it once a day (infra/constructs/transform-runner.ts); on DuckDB there
  is nothing to do. Names unquoted: VACUUM takes `[database.]table` only (docs: VACUUM statement).
-#}
{% macro iceberg_maintenance(dry_run=false) -%}
    {%- if target.type != 'athena' -%}
        {{ log('iceberg_maintenance: target ' ~ target.type ~ ' has no Iceberg tables; nothing to do', info=true) }}
        {{ return([]) }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model'
            and node.config.materialized == 'incremental'
            and node.config.get('table_type') == 'iceberg' -%}
        {%- set table = node.schema ~ '.' ~ node.alias -%}
        {#- A model not built yet (first deploy, or it failed) has nothing to maintain. -#}
        {%- if dry_run or adapter.get_relation(node.database, node.schema, node.alias) is not none -%}
            {%- do statements.append('optimize ' ~ table ~ ' rewrite data using bin_pack') -%}
            {%- do statements.append('vacuum ' ~ table) -%}
        {%- else -%}
            {{ log('iceberg_maintenance: ' ~ table ~ ' does not exist yet; skipped', info=true) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for statement in statements -%}
        {{ log('iceberg_maintenance: ' ~ ('would run: ' if dry_run else 'running: ') ~ statement, info=true) }}
        {%- if not dry_run and execute -%}
            {%- do run_query(statement) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}
