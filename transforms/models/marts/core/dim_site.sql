-- One row per site: attributes from reference sites; a site seen in a feed but missing from the
-- reference is kept as an inferred member (region 'unknown', timezone UTC, is_registered false).
with registered as (
    select site_id, site_name, region, timezone from {{ ref('stg_reference__sites') }}
),

observed as (
    select site_id from {{ ref('int_sites_observed') }}
),

inferred as (
    select observed.site_id
    from observed
    left join registered on observed.site_id = registered.site_id
    where registered.site_id is null
)

select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(site_name as {{ dbt.type_string() }}) as site_name,
    cast(region as {{ dbt.type_string() }}) as region,
    cast(timezone as {{ dbt.type_string() }}) as timezone,
    true as is_registered
from registered
union all
select
    cast(site_id as {{ dbt.type_string() }}) as site_id,
    cast(site_id as {{ dbt.type_string() }}) as site_name,
    cast('unknown' as {{ dbt.type_string() }}) as region,
    cast('UTC' as {{ dbt.type_string() }}) as timezone,
    false as is_registered
from inferred
