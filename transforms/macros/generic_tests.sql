{#- A rate must lie in [0, 1]; nulls are tested separately with not_null. -#}
{% test ratio_in_unit_interval(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}

{#- The combination of columns is unique (dbt_utils is not used: hub.getdbt.com is not reachable from CI). -#}
{% test unique_combination_of_columns(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
