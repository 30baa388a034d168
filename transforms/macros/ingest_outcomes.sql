{#- Generated from schemas/ by `opslake codegen`; do not edit. The outcomes are INGEST_OUTCOMES in schemas/audit.ts. -#}
{% macro ingest_outcome(name) -%}
  {%- if name not in ['loaded', 'partial', 'replayed', 'rejected', 'duplicate', 'missing', 'superseded'] -%}
    {{ exceptions.raise_compiler_error("ingest_outcome: no outcome '" ~ name ~ "' in schemas/audit.ts INGEST_OUTCOMES") }}
  {%- endif -%}
  '{{ name }}'
{%- endmacro %}

{#- The outcomes of an attempt that published a version (PUBLISHED_OUTCOMES). -#}
{% macro published_outcomes() -%}
  'loaded', 'partial', 'replayed'
{%- endmacro %}
