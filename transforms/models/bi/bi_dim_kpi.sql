{{ config(alias='dim_kpi') }}
-- One row per KPI of the registry, in words a report reader understands.
select
    kpi,
    label as kpi_name,
    unit as unit,
    direction as direction,
    formula as definition,
    numerator_definition as numerator_definition,
    denominator_definition as denominator_definition,
    default_target as target,
    amber_threshold as amber_threshold,
    grain as grain,
    breakdown as breakdown,
    owner as owner
from {{ ref('kpi_registry') }}
