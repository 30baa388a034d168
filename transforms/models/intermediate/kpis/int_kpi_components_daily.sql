-- The additive parts of every daily KPI, long: one row per site × local day × kpi × breakdown
-- value, with numerator and denominator (denominator null for sums). Each business domain computes
-- its parts in its own int_kpi_components_daily__<domain> model; this model only stacks them.
-- kpi_daily and kpi_monthly roll these up; nothing downstream averages a ratio.
{{ stack_kpi_parts(
    [
        'int_kpi_components_daily__transport',
        'int_kpi_components_daily__fulfilment',
        'int_kpi_components_daily__operations',
        'int_kpi_components_daily__service',
    ],
    [('site_id', dbt.type_string()), ('kpi_date', 'date'), ('kpi', dbt.type_string()), ('breakdown_value', dbt.type_string()), ('numerator', 'double'), ('denominator', 'double')],
) }}
