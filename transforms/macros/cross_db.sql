{#-
  Small adapter-dispatched macros for the places where DuckDB (local) and Athena/Trino (aws)
  spell the same thing differently. Everything else uses dbt's own cross-database macros
  (dbt.date_trunc, dbt.dateadd, dbt.type_*). Instants are naive UTC `timestamp`s after staging.
-#}

{#- Hours (fractional, double) from instant `start_ts` to instant `end_ts`. -#}
{% macro hours_between(start_ts, end_ts) -%}
    {{ return(adapter.dispatch('hours_between')(start_ts, end_ts)) }}
{%- endmacro %}

{% macro default__hours_between(start_ts, end_ts) -%}
    (cast(date_diff('microsecond', {{ start_ts }}, {{ end_ts }}) as double) / 3600000000.0)
{%- endmacro %}

{% macro athena__hours_between(start_ts, end_ts) -%}
    (cast(date_diff('millisecond', {{ start_ts }}, {{ end_ts }}) as double) / 3600000.0)
{%- endmacro %}

{#- The calendar date, in IANA zone `tz_expr`, of the naive-UTC instant `ts`. -#}
{% macro local_date(ts, tz_expr) -%}
    {{ return(adapter.dispatch('local_date')(ts, tz_expr)) }}
{%- endmacro %}

{% macro default__local_date(ts, tz_expr) -%}
    cast(timezone({{ tz_expr }}, timezone('UTC', {{ ts }})) as date)
{%- endmacro %}

{% macro athena__local_date(ts, tz_expr) -%}
    cast(at_timezone(with_timezone({{ ts }}, 'UTC'), {{ tz_expr }}) as date)
{%- endmacro %}

{#- Normalises a raw instant (DuckDB TIMESTAMPTZ / Athena timestamp) to a naive UTC timestamp. -#}
{% macro utc_timestamp(column) -%}
    {{ return(adapter.dispatch('utc_timestamp')(column)) }}
{%- endmacro %}

{% macro default__utc_timestamp(column) -%}
    cast(timezone('UTC', {{ column }}) as timestamp)
{%- endmacro %}

{% macro athena__utc_timestamp(column) -%}
    cast({{ column }} as timestamp(6))
{%- endmacro %}

{#-
  Percentile `p` (0–1) of `expr` within a group. DuckDB: exact, linear interpolation
  (quantile_cont). Athena: approx_percentile (a q-digest; exact on small groups, approximate on
  large ones) — Trino has no exact percentile aggregate.
-#}
{% macro percentile(expr, p) -%}
    {{ return(adapter.dispatch('percentile')(expr, p)) }}
{%- endmacro %}

{% macro default__percentile(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro athena__percentile(expr, p) -%}
    approx_percentile({{ expr }}, {{ p }})
{%- endmacro %}

{#- numerator ÷ denominator as double; null when the denominator is 0 or null. -#}
{% macro safe_ratio(numerator, denominator) -%}
    case when {{ denominator }} is null or {{ denominator }} = 0 then null
         else cast({{ numerator }} as double) / cast({{ denominator }} as double) end
{%- endmacro %}

{#- Date literal that both engines accept. -#}
{% macro date_literal(iso) -%}
    cast('{{ iso }}' as date)
{%- endmacro %}

{#-
  One row (`date_day`) per day from ISO date `start_iso` up to, not including, `end_iso`: what
  dbt.date_spine('day', …) gives, but with the day count worked out here from the two literals
  instead of queried from the warehouse. dbt.date_spine's query needs a connection on the thread
  that compiles the model, which `dbt compile --no-introspect` does not give dbt-athena: the aws
  compile then failed whenever the worker thread was not one that happened to hold a connection.
-#}
{% macro day_spine(start_iso, end_iso) -%}
    {%- set start = modules.datetime.date.fromisoformat(start_iso) -%}
    {%- set days = (modules.datetime.date.fromisoformat(end_iso) - start).days -%}
    select {{ dbt.dateadd('day', 'row_number() over (order by 1) - 1', date_literal(start_iso)) }} as date_day
    from ({{ dbt.generate_series(days) }}) as series
{%- endmacro %}

{#- Keep the latest ingested version of each primary key (no QUALIFY: Athena lacks it). -#}
{% macro latest_version(relation, primary_key) -%}
    select *
    from (
        select
            src.*,
            row_number() over (
                partition by {{ primary_key | join(', ') }}
                order by _ingested_at desc, _source_key desc, _source_row desc
            ) as _version_rank
        from {{ relation }} as src
    ) as ranked
    where _version_rank = 1
{%- endmacro %}

{#-
  Config for the big, date-incremental facts: DuckDB `delete+insert`, Athena Iceberg `merge`.
  Used as `{{ config(**incremental_fact_config('shipment_id', 'stg_tms__shipments')) }}`.
  Both strategies only touch keys the new batch holds, so a corrected file that drops a row (its
  key gone from staging) would leave that row in the fact for good; the post-hook removes it.
-#}
{% macro incremental_fact_config(unique_key, staging_model) -%}
    {%- set cfg = {
        'materialized': 'incremental',
        'unique_key': unique_key,
        'on_schema_change': 'append_new_columns',
        'incremental_strategy': 'merge' if target.type == 'athena' else 'delete+insert',
        'post_hook': ["{{ delete_vanished_keys('" ~ unique_key ~ "', '" ~ staging_model ~ "') }}"],
    } -%}
    {%- if target.type == 'athena' -%}
        {%- do cfg.update({'table_type': 'iceberg'}) -%}
    {%- endif -%}
    {{ return(cfg) }}
{%- endmacro %}

{#-
  Delete the fact rows whose key staging no longer holds (the file version that carried it was
  superseded by one without it). One statement both adapters accept: an uncorrelated `not in`
  subquery is plain SQL that Trino's row-level DELETE on Iceberg (Athena engine v3) takes; the
  `is not null` keeps `not in` from matching nothing should a null key ever reach staging. Only on
  incremental runs: a table just built from scratch holds no vanished key.
-#}
{% macro delete_vanished_keys(unique_key, staging_model) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ unique_key }} not in (
        select {{ unique_key }} from {{ ref(staging_model) }} where {{ unique_key }} is not null
    )
    {%- endif -%}
{%- endmacro %}

{#-
  The incremental filter: on an incremental run, re-process rows ingested within
  `lookback_days` of the newest row already in the table, so late files are picked up.
-#}
{% macro lookback_filter(ingested_column='ingested_at') -%}
    {%- if is_incremental() -%}
    where {{ ingested_column }} >= (
        select {{ dbt.dateadd('day', -1 * var('lookback_days'), 'max(' ~ ingested_column ~ ')') }}
        from {{ this }}
    )
    {%- endif -%}
{%- endmacro %}

{#- A Jinja number (or none) as a double literal. -#}
{% macro double_or_null(value) -%}
    {%- if value is none -%}cast(null as double){%- else -%}cast({{ value }} as double){%- endif -%}
{%- endmacro %}

{#- ISO day of week of a date: Monday = 1 … Sunday = 7. -#}
{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expr) -%}
    isodow({{ date_expr }})
{%- endmacro %}

{% macro athena__iso_day_of_week(date_expr) -%}
    day_of_week({{ date_expr }})
{%- endmacro %}
