-- Daily KPI parts from transport: on-time delivery overall and by carrier. A shipment counts when it
-- was delivered (on its local delivery day: on time when delivered_at ≤ promised_delivery_at) or
-- when it ended in `exception` undelivered and its promise has passed by the data's as-of time (the
-- newest shipped_at or delivered_at in the feed): then it is late, on its local promised day. An
-- exception never delivered is the latest shipment there is; leaving it out would flatter the rate.
with shipments as (
    select * from {{ ref('fct_shipments') }}
),

as_of as (
    select
        case
            when max(delivered_at) is null or max(shipped_at) > max(delivered_at) then max(shipped_at)
            else max(delivered_at)
        end as data_as_of
    from shipments
),

outcomes as (
    select
        shipments.site_id,
        shipments.carrier_id,
        case when shipments.is_delivered then shipments.delivery_date else shipments.promised_date end as kpi_date,
        shipments.is_delivered and shipments.is_delivered_on_time as is_on_time
    from shipments
    cross join as_of
    where
        shipments.is_delivered
        or (
            shipments.shipment_status = 'exception'
            and shipments.promised_delivery_at < as_of.data_as_of
        )
),

on_time_delivery as (
    select
        site_id,
        kpi_date,
        'on_time_delivery_rate' as kpi,
        'all' as breakdown_value,
        sum(case when is_on_time then 1 else 0 end) as numerator,
        count(*) as denominator
    from outcomes
    group by site_id, kpi_date
),

carrier_on_time as (
    select
        site_id,
        kpi_date,
        'carrier_on_time_rate' as kpi,
        carrier_id as breakdown_value,
        sum(case when is_on_time then 1 else 0 end) as numerator,
        count(*) as denominator
    from outcomes
    group by site_id, kpi_date, carrier_id
)

select * from on_time_delivery
union all
select * from carrier_on_time
