{{ config(**incremental_fact_config('event_id', 'stg_wms__order_events')) }}
-- One row per WMS fulfilment event (picked / packed / shipped an order line), on the site's local
-- calendar. Incremental: re-processes events ingested within lookback_days of the newest.
with events as (
    select * from {{ ref('stg_wms__order_events') }}
    {{ lookback_filter() }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    events.event_id,
    events.site_id,
    events.order_id,
    events.line_number,
    events.sku,
    events.event_type,
    events.quantity,
    events.event_at,
    {{ local_date('events.event_at', 'sites.timezone') }} as event_date,
    events.employee_id,
    events.ingested_at
from events
inner join sites on events.site_id = sites.site_id
