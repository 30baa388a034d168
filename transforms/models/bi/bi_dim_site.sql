{{ config(alias='dim_site') }}
-- One row per site, with its region.
select
    site_id as site_id,
    site_name,
    region as region,
    timezone as time_zone,
    is_registered as registered
from {{ ref('dim_site') }}
