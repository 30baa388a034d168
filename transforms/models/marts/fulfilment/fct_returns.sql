-- One row per customer return line: received, then dispositioned, on the site's local calendar.
with returns as (
    select * from {{ ref('stg_wms__returns') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    returns.return_id,
    returns.site_id,
    returns.order_id,
    returns.sku,
    returns.quantity,
    returns.reason,
    returns.received_at,
    returns.dispositioned_at,
    returns.disposition,
    {{ local_date('returns.received_at', 'sites.timezone') }} as received_date,
    {{ local_date('returns.dispositioned_at', 'sites.timezone') }} as disposition_date,
    {{ hours_between('returns.received_at', 'returns.dispositioned_at') }} as return_cycle_hours
from returns
inner join sites on returns.site_id = sites.site_id
