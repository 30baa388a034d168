-- One observation per completed order (order-to-ship hours, on the local day it completed), per
-- delivered order (order-to-delivery hours, on the local day its last shipment was delivered) and
-- per dispositioned return (return cycle hours, on the local disposition day).
select
    site_id,
    completed_date as kpi_date,
    'order_to_ship_h' as kpi,
    order_cycle_hours as observed_value
from {{ ref('fct_orders') }}
where is_complete and not is_cancelled
union all
select
    site_id,
    delivery_date as kpi_date,
    'order_to_delivery_h' as kpi,
    order_to_delivery_hours as observed_value
from {{ ref('fct_orders') }}
where order_to_delivery_hours is not null and not is_cancelled
union all
select
    site_id,
    disposition_date as kpi_date,
    'returns_cycle_time_h' as kpi,
    return_cycle_hours as observed_value
from {{ ref('fct_returns') }}
where dispositioned_at is not null
