{#-
  The KPI framework shared by kpi_daily and kpi_monthly.

  Inputs are two long relations/CTEs, both already carrying `region` (from dim_site):
    components   (site_id, region, period_start, kpi, breakdown_value, numerator, denominator)
    observations (site_id, region, period_start, kpi, observed_value)  -- distribution KPIs only
  kpi_rollup() returns one row per scope (site, region, company) × period × kpi × breakdown_value:
  additive parts are summed at each scope (never an average of averages) and distribution KPIs are
  re-computed from the observations at each scope (median, p90), with Σ/count alongside.
-#}
{% macro kpi_rollup(components, observations) -%}
{%- set scopes = [
    ('site', 'site_id', 'site_id', 'region'),
    ('region', 'region', 'cast(null as ' ~ dbt.type_string() ~ ')', 'region'),
    ('company', "'company'", 'cast(null as ' ~ dbt.type_string() ~ ')', 'cast(null as ' ~ dbt.type_string() ~ ')'),
] -%}
{%- for level, scope_id, site_col, region_col in scopes %}
select
    cast('{{ level }}' as {{ dbt.type_string() }}) as scope_level,
    cast({{ scope_id }} as {{ dbt.type_string() }}) as scope_id,
    {{ site_col }} as site_id,
    {{ region_col }} as region,
    period_start,
    kpi,
    breakdown_value,
    cast(sum(numerator) as double) as numerator,
    cast(sum(denominator) as double) as denominator,
    cast(null as double) as median_value,
    cast(null as double) as p90_value
from {{ components }}
group by {{ scope_id }}, {% if level == 'site' %}site_id, region, {% elif level == 'region' %}region, {% endif %}period_start, kpi, breakdown_value
union all
select
    cast('{{ level }}' as {{ dbt.type_string() }}) as scope_level,
    cast({{ scope_id }} as {{ dbt.type_string() }}) as scope_id,
    {{ site_col }} as site_id,
    {{ region_col }} as region,
    period_start,
    kpi,
    cast('all' as {{ dbt.type_string() }}) as breakdown_value,
    cast(sum(observed_value) as double) as numerator,
    cast(count(*) as double) as denominator,
    cast({{ percentile('observed_value', 0.5) }} as double) as median_value,
    cast({{ percentile('observed_value', 0.9) }} as double) as p90_value
from {{ observations }}
group by {{ scope_id }}, {% if level == 'site' %}site_id, region, {% elif level == 'region' %}region, {% endif %}period_start, kpi
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}

{#- The KPI value from its parts, by the registry's kind. -#}
{% macro kpi_value(kind, scale, numerator, denominator, median_value) -%}
    case
        when {{ kind }} = 'sum' then {{ numerator }}
        when {{ kind }} = 'distribution' then {{ median_value }}
        else {{ scale }} * {{ safe_ratio(numerator, denominator) }}
    end
{%- endmacro %}

{#-
  red / amber / green against the target; null when there is no target or no value. The value
  judged is the one displayed: rounded to the registry's display_decimals, so a value shown as
  98.0 % is never flagged against a 98 % target (0.97993 rounds to 0.980 and is green).
  closer_to_zero_is_better (budget and billing variance) reads the target as the tolerated distance
  from zero either way: green when |value| ≤ target, amber up to target + amber threshold, red beyond.
-#}
{% macro kpi_status(value, target, direction, amber_threshold, display_decimals) -%}
    case
        when {{ target }} is null or {{ value }} is null then null
        when {{ direction }} = 'higher_is_better' then
            case
                when round({{ value }}, {{ display_decimals }}) >= {{ target }} then 'green'
                when round({{ value }}, {{ display_decimals }}) >= {{ target }} - coalesce({{ amber_threshold }}, 0) then 'amber'
                else 'red'
            end
        when {{ direction }} = 'closer_to_zero_is_better' then
            case
                when abs(round({{ value }}, {{ display_decimals }})) <= {{ target }} then 'green'
                when abs(round({{ value }}, {{ display_decimals }})) <= {{ target }} + coalesce({{ amber_threshold }}, 0) then 'amber'
                else 'red'
            end
        else
            case
                when round({{ value }}, {{ display_decimals }}) <= {{ target }} then 'green'
                when round({{ value }}, {{ display_decimals }}) <= {{ target }} + coalesce({{ amber_threshold }}, 0) then 'amber'
                else 'red'
            end
    end
{%- endmacro %}

{#-
  Turns rolled-up parts into the published KPI rows: value from the parts, target, status.
  Targets (docs/kpis.md, "Targets"): a site row takes the reference kpi_targets row for the site
  and period, else the registry default. A region or company row takes the target its sites imply:
  the mean of their targets weighted by their denominators (the count for medians), the sum of
  them for sum KPIs — so if every site meets its own target the roll-up meets its target too, and
  a company is never amber against a default while all its sites are green against theirs.
  `grain` is 'day' or 'month'; monthly-grain KPIs appear only in the monthly table.
-#}
{% macro kpi_finalise(rolled, grain) -%}
, registry as (
    select * from {{ ref('kpi_registry') }}
),

targets as (
    select site_id, kpi, valid_from, valid_to, target_value, amber_threshold
    from {{ ref('int_kpi_targets') }}
),

site_targets as (
    select
        rolled.site_id,
        rolled.region,
        rolled.period_start,
        rolled.kpi,
        rolled.breakdown_value,
        registry.kind,
        coalesce(rolled.denominator, 0) as weight,
        coalesce(site_target.target_value, registry.default_target) as target_value,
        coalesce(site_target.amber_threshold, registry.amber_threshold) as amber_threshold
    from {{ rolled }} as rolled
    inner join registry on rolled.kpi = registry.kpi
    left join targets as site_target
        on rolled.site_id = site_target.site_id
        and rolled.kpi = site_target.kpi
        and rolled.period_start >= site_target.valid_from
        and rolled.period_start <= site_target.valid_to
    where rolled.scope_level = 'site'
),

{%- set rollup_scopes = [('site', 'site_id'), ('region', 'region'), ('company', "'company'")] %}

scope_targets as (
    {%- for level, scope_id in rollup_scopes %}
    select
        cast('{{ level }}' as {{ dbt.type_string() }}) as scope_level,
        cast({{ scope_id }} as {{ dbt.type_string() }}) as scope_id,
        period_start,
        kpi,
        breakdown_value,
        case
            when max(kind) = 'sum' then sum(target_value)
            -- Sites that agree give their target exactly (no floating-point residue of the weighting).
            when min(target_value) = max(target_value) then min(target_value)
            else coalesce(
                sum(target_value * weight) / nullif(sum(case when target_value is not null then weight else 0 end), 0),
                avg(target_value)
            )
        end as target_value,
        case when min(amber_threshold) = max(amber_threshold) then min(amber_threshold) else coalesce(
            sum(amber_threshold * weight) / nullif(sum(case when amber_threshold is not null then weight else 0 end), 0),
            avg(amber_threshold)
        ) end as amber_threshold
    from site_targets
    group by {{ scope_id }}, period_start, kpi, breakdown_value
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

valued as (
    select
        rolled.scope_level,
        rolled.scope_id,
        rolled.site_id,
        rolled.region,
        rolled.period_start,
        rolled.kpi,
        registry.breakdown,
        rolled.breakdown_value,
        rolled.numerator,
        case when registry.kind = 'sum' then cast(null as double) else rolled.denominator end as denominator,
        {{ kpi_value('registry.kind', 'registry.scale', 'rolled.numerator', 'rolled.denominator', 'rolled.median_value') }} as kpi_value,
        case when registry.kind = 'distribution' then {{ safe_ratio('rolled.numerator', 'rolled.denominator') }} end as mean_value,
        rolled.p90_value,
        scope_targets.target_value,
        scope_targets.amber_threshold,
        registry.direction,
        registry.display_decimals,
        registry.unit
    from {{ rolled }} as rolled
    inner join registry on rolled.kpi = registry.kpi
    left join scope_targets
        on rolled.scope_level = scope_targets.scope_level
        and rolled.scope_id = scope_targets.scope_id
        and rolled.period_start = scope_targets.period_start
        and rolled.kpi = scope_targets.kpi
        and rolled.breakdown_value = scope_targets.breakdown_value
    {% if grain == 'day' %}where registry.grain = 'daily'{% endif %}
)

select
    cast(scope_level as {{ dbt.type_string() }}) as scope_level,
    cast(scope_id as {{ dbt.type_string() }}) as scope_id,
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(region as {{ dbt.type_string() }}) as region,
    cast(period_start as date) as {{ 'kpi_date' if grain == 'day' else 'month_start' }},
    cast(kpi as {{ dbt.type_string() }}) as kpi,
    cast(breakdown as {{ dbt.type_string() }}) as breakdown,
    cast(breakdown_value as {{ dbt.type_string() }}) as breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(kpi_value as double) as kpi_value,
    cast(mean_value as double) as mean_value,
    cast(p90_value as double) as p90_value,
    cast(target_value as double) as target_value,
    cast({{ kpi_status('kpi_value', 'target_value', 'direction', 'amber_threshold', 'display_decimals') }} as {{ dbt.type_string() }}) as status,
    cast(direction as {{ dbt.type_string() }}) as direction,
    cast(unit as {{ dbt.type_string() }}) as unit
from valued
{%- endmacro %}

{#-
  Stacks the per-domain KPI part models (`parts`, model names) into one relation with the given
  `columns` ([(name, type), …]), casting each column so every engine sees one type. An empty
  typed row set ends the union, so the stack is valid (and typed) even with no parts.
-#}
{% macro stack_kpi_parts(parts, columns) -%}
{%- for part in parts %}
select
    {%- for name, type in columns %}
    cast({{ name }} as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
from {{ ref(part) }}
union all
{%- endfor %}
select
    {%- for name, type in columns %}
    cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
where 1 = 0
{%- endmacro %}

{#-
  The parts of a daily ratio whose numerator and denominator are different events (returns over
  shipments, incidents over hours worked): each side is summed per site and day on its own, and a
  day with only one side still contributes that side (the other as 0), so roll-ups over any period
  count every event. `numerators` and `denominators` are relations with site_id and kpi_date; the
  value columns are named.
-#}
{% macro kpi_parts_from_two_sides(kpi, numerators, numerator, denominators, denominator) -%}
    select
        coalesce(n.site_id, d.site_id) as site_id,
        coalesce(n.kpi_date, d.kpi_date) as kpi_date,
        '{{ kpi }}' as kpi,
        coalesce(n.{{ numerator }}, 0) as numerator,
        coalesce(d.{{ denominator }}, 0) as denominator
    from {{ numerators }} as n
    full outer join {{ denominators }} as d
        on n.site_id = d.site_id
        and n.kpi_date = d.kpi_date
{%- endmacro %}
