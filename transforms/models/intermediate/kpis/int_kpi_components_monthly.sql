-- The additive parts of the monthly-grain KPIs (cost, budget, billing, turnover): one row per
-- site × month × kpi × breakdown value. Each domain computes its parts in its own
-- int_kpi_components_monthly__<domain> model; this model only stacks them.
{{ stack_kpi_parts(
    [
        'int_kpi_components_monthly__operations',
        'int_kpi_components_monthly__finance',
    ],
    [('site_id', dbt.type_string()), ('month_start', 'date'), ('kpi', dbt.type_string()), ('breakdown_value', dbt.type_string()), ('numerator', 'double'), ('denominator', 'double')],
) }}
