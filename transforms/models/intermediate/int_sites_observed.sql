-- Every site id that appears in any staged feed, so facts from a site missing in reference sites
-- still join dim_site (as an inferred member) instead of silently dropping out.
{%- set feeds = [
    'stg_tms__shipments', 'stg_tms__carriers',
    'stg_erp__sales_orders', 'stg_erp__gl_costs', 'stg_erp__budgets', 'stg_erp__vendor_invoices',
    'stg_erp__customer_feedback',
    'stg_wms__receipts', 'stg_wms__order_events', 'stg_wms__inventory_counts', 'stg_wms__returns',
    'stg_wms__quality_checks',
    'stg_wfm__timecards', 'stg_wfm__employees', 'stg_wfm__safety_incidents',
] %}
{% for feed in feeds %}
select distinct site_id from {{ ref(feed) }}
{% if not loop.last %}union{% endif %}
{%- endfor %}
