{#- A rate must lie in [0, 1]; nulls are tested separately with not_null. -#}
{% test ratio_in_unit_interval(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}

{#- The combination of columns is unique (dbt_utils is not used: hub.getdbt.com is not reachable from CI). -#}
{% test unique_combination_of_columns(model, columns) %}
{{ config(severity='error') }}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Every row satisfies a boolean SQL expression. -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}

{#- numerator ≤ denominator wherever both are present (counts of a subset over the whole). -#}
{% test numerator_not_above_denominator(model, numerator='numerator', denominator='denominator', where_clause='1 = 1') %}
select *
from {{ model }}
where {{ numerator }} > {{ denominator }}
    and ({{ where_clause }})
{% endtest %}

{#-
  Reconciliation: for every group, sum(measure) in the model equals sum(measure) in a reference
  relation (e.g. units shipped per site/day in the KPI = units on ship events). Returns the groups
  that differ by more than `tolerance`.
-#}
{% test sums_reconcile(model, group_by, measure, compare_model, compare_group_by, compare_measure, where_clause='1 = 1', compare_where='1 = 1', tolerance=0.000001) %}
with left_side as (
    select {% for c in group_by %}{{ c }} as g{{ loop.index }}, {% endfor %}sum({{ measure }}) as total
    from {{ model }}
    where {{ where_clause }}
    group by {% for c in group_by %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}
),

right_side as (
    select {% for c in compare_group_by %}{{ c }} as g{{ loop.index }}, {% endfor %}sum({{ compare_measure }}) as total
    from {{ compare_model }}
    where {{ compare_where }}
    group by {% for c in compare_group_by %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}
)

select *
from left_side
full outer join right_side
    on {% for c in group_by %}left_side.g{{ loop.index }} = right_side.g{{ loop.index }}{% if not loop.last %} and {% endif %}{% endfor %}
where coalesce(left_side.total, 0) - coalesce(right_side.total, 0) > {{ tolerance }}
    or coalesce(right_side.total, 0) - coalesce(left_side.total, 0) > {{ tolerance }}
{% endtest %}

{#-
  dbt's unique test, with severity error: a duplicated key would double-count every KPI built on
  the model, so it stops the build (the project's default severity for checks is warn).
-#}
{% test unique(model, column_name) %}
{{ config(severity='error') }}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}
