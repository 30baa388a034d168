-- One row per site: attributes from reference sites; a site seen in a feed but missing from the
-- reference is kept as an inferred member (region 'unknown', timezone UTC, is_registered false).
with observed as (
    select site_id from {{ ref('int_sites_observed') }}
)

select
    observed.site_id,
    cast(observed.site_id as {{ dbt.type_string() }}) as site_name,
    cast('unknown' as {{ dbt.type_string() }}) as region,
    cast('UTC' as {{ dbt.type_string() }}) as timezone,
    false as is_registered
from observed
