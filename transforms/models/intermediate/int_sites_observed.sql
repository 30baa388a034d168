-- Every site id that appears in any staged feed, so facts from a site missing in reference sites
-- still join dim_site (as an inferred member) instead of silently dropping out.
{%- set feeds = [
    'stg_tms__shipments', 'stg_tms__carriers',
] %}
{% for feed in feeds %}
select distinct site_id from {{ ref(feed) }}
{% if not loop.last %}union{% endif %}
{%- endfor %}
