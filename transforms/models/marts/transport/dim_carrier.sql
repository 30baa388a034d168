-- One row per carrier (carrier contracts are per site; the most recent contract names the carrier).
with contracts as (
    select
        carrier_id,
        carrier_name,
        transport_mode,
        row_number() over (partition by carrier_id order by valid_from desc, site_id) as recency
    from {{ ref('stg_tms__carriers') }}
),

seen as (
    select distinct carrier_id from {{ ref('stg_tms__shipments') }}
    union
    select distinct carrier_id from {{ ref('stg_tms__carriers') }}
)

select
    seen.carrier_id,
    coalesce(contracts.carrier_name, seen.carrier_id) as carrier_name,
    contracts.transport_mode,
    contracts.carrier_id is not null as is_registered
from seen
left join contracts
    on seen.carrier_id = contracts.carrier_id
    and contracts.recency = 1
