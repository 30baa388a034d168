{{ config(alias='dim_carrier') }}
-- One row per carrier.
select
    carrier_id as carrier_id,
    carrier_name as carrier,
    transport_mode as transport_mode,
    is_registered as registered
from {{ ref('dim_carrier') }}
