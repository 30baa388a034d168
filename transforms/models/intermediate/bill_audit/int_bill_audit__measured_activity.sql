-- What opslake itself measured of each billable activity, per site and local service month, in
-- the unit of its own feed (the rate card converts it to the billed unit). One mapping per activity:
--   picks               WMS order events of type picked (one per order line picked)
--   outbound_orders     TMS shipments handed to a carrier (not cancelled)
--   transport           local days on which at least one such shipment left (the 3PL's daily run)
--   inbound_pallets     WMS received units (the rate card's units_per_billed_unit makes pallets)
--   storage_pallet_days WMS pallet positions occupied, summed over the month's days
with picks as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'event_date') }} as date) as month_start,
        'picks' as activity,
        cast(count(*) as decimal(18, 3)) as measured_quantity
    from {{ ref('fct_order_events') }}
    where event_type = 'picked'
    group by 1, 2
),

shipments as (
    select site_id, ship_date
    from {{ ref('fct_shipments') }}
    where shipment_status <> 'cancelled'
),

outbound_orders as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'ship_date') }} as date) as month_start,
        'outbound_orders' as activity,
        cast(count(*) as decimal(18, 3)) as measured_quantity
    from shipments
    group by 1, 2
),

transport as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'ship_date') }} as date) as month_start,
        'transport' as activity,
        cast(count(distinct ship_date) as decimal(18, 3)) as measured_quantity
    from shipments
    group by 1, 2
),

inbound as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'arrival_date') }} as date) as month_start,
        'inbound_pallets' as activity,
        cast(sum(received_qty) as decimal(18, 3)) as measured_quantity
    from {{ ref('fct_receipts') }}
    group by 1, 2
),

storage as (
    select
        site_id,
        cast({{ dbt.date_trunc('month', 'snapshot_date') }} as date) as month_start,
        'storage_pallet_days' as activity,
        cast(sum(pallet_positions) as decimal(18, 3)) as measured_quantity
    from {{ ref('stg_wms__pallet_positions') }}
    group by 1, 2
)

select * from picks
union all
select * from outbound_orders
union all
select * from transport
union all
select * from inbound
union all
select * from storage
