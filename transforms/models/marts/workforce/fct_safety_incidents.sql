-- One row per safety incident or near miss, on the site's local calendar.
with incidents as (
    select * from {{ ref('stg_wfm__safety_incidents') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    incidents.incident_id,
    incidents.site_id,
    incidents.occurred_at,
    {{ local_date('incidents.occurred_at', 'sites.timezone') }} as incident_date,
    incidents.incident_type,
    incidents.severity,
    incidents.recordable as is_recordable,
    incidents.lost_time_days,
    incidents.rca_closed as is_rca_closed,
    incidents.rca_closed_at
from incidents
inner join sites on incidents.site_id = sites.site_id
