{#-
  The billed activities the bill audit measures from opslake's own feeds, and from which feed
  (int_bill_audit__measured_activity holds the SQL of each mapping; docs/bill-audit.md the why).
  Any other activity (value_added_services) is checked on rate and arithmetic only.
-#}
{% macro measured_billing_activities() -%}
    {{ return(['storage_pallet_days', 'inbound_pallets', 'outbound_orders', 'picks', 'transport']) }}
{%- endmacro %}

{#- `column in (…the measured activities…)` -#}
{% macro is_measured_billing_activity(column) -%}
    {{ column }} in ({% for a in measured_billing_activities() %}'{{ a }}'{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}
