-- Site targets from reference kpi_targets, as month-long validity ranges per site and KPI, so a
-- daily KPI row takes the target of the month it falls in.
select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(kpi as {{ dbt.type_string() }}) as kpi,
    period_month as valid_from,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'period_month')) }} as date) as valid_to,
    target_value,
    amber_threshold
from {{ ref('stg_reference__kpi_targets') }}
