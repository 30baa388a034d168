-- One row per quality inspection, on the site's local calendar.
with checks as (
    select * from {{ ref('stg_wms__quality_checks') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    checks.check_id,
    checks.site_id,
    checks.check_type,
    checks.reference_id,
    checks.checked_at,
    {{ local_date('checks.checked_at', 'sites.timezone') }} as check_date,
    checks.inspected_units,
    checks.defective_units,
    checks.passed_first_time
from checks
inner join sites on checks.site_id = sites.site_id
