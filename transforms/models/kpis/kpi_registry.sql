-- One row per KPI, rendered from the registry in _kpi_registry.yml (the model's meta).
{%- set kpis = config.get('meta')['kpis'] %}
{% for k in kpis %}
select
    cast('{{ k.name }}' as {{ dbt.type_string() }}) as kpi,
    cast('{{ k.label | replace("'", "''") }}' as {{ dbt.type_string() }}) as label,
    cast('{{ k.formula | replace("'", "''") }}' as {{ dbt.type_string() }}) as formula,
    cast('{{ k.numerator | replace("'", "''") }}' as {{ dbt.type_string() }}) as numerator_definition,
    cast('{{ k.denominator | replace("'", "''") }}' as {{ dbt.type_string() }}) as denominator_definition,
    cast('{{ k.unit }}' as {{ dbt.type_string() }}) as unit,
    cast('{{ k.kind }}' as {{ dbt.type_string() }}) as kind,
    {{ double_or_null(k.scale) }} as scale,
    cast('{{ k.grain }}' as {{ dbt.type_string() }}) as grain,
    cast('{{ k.breakdown }}' as {{ dbt.type_string() }}) as breakdown,
    cast('{{ k.direction }}' as {{ dbt.type_string() }}) as direction,
    cast('{{ k.owner }}' as {{ dbt.type_string() }}) as owner,
    {{ double_or_null(k.default_target) }} as default_target,
    {{ double_or_null(k.amber_threshold) }} as amber_threshold,
    cast('{{ k.standard | replace("'", "''") }}' as {{ dbt.type_string() }}) as standard,
    {{ 'true' if k.follows_standard else 'false' }} as follows_standard,
    cast({{ k.display_decimals }} as {{ dbt.type_int() }}) as display_decimals,
    {{ 'true' if k.money else 'false' }} as is_money
{% if not loop.last %}union all{% endif %}
{%- endfor %}
