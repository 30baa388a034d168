-- One observation per event for the distribution KPIs (medians and p90s are recomputed from these
-- at every roll-up grain): site × local day × kpi × observed value in the KPI's unit. Each domain
-- emits its observations in its own int_kpi_observations_daily__<domain> model; this one stacks them.
{{ stack_kpi_parts(
    [
        'int_kpi_observations_daily__fulfilment',
        'int_kpi_observations_daily__operations',
    ],
    [('site_id', dbt.type_string()), ('kpi_date', 'date'), ('kpi', dbt.type_string()), ('observed_value', 'double')],
) }}
