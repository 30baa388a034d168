-- Compatibility view for the spine test and the demo: on_time_delivery_rate per site and local
-- delivery day, taken from kpi_daily (the one source). New consumers should read kpi_daily.
select
    site_id,
    kpi_date,
    kpi,
    numerator,
    denominator,
    kpi_value
from {{ ref('kpi_daily') }}
where scope_level = 'site'
    and kpi = 'on_time_delivery_rate'
