-- One row per cycle-count line: system vs counted quantity, the variance in units and in value at
-- standard cost, and whether the record was accurate within var inventory_count_tolerance_units.
with counts as (
    select * from {{ ref('stg_wms__inventory_counts') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    counts.count_id,
    counts.site_id,
    counts.sku,
    counts.location_id,
    counts.counted_at,
    {{ local_date('counts.counted_at', 'sites.timezone') }} as count_date,
    counts.system_qty,
    counts.counted_qty,
    counts.counted_qty - counts.system_qty as variance_units,
    counts.unit_cost,
    counts.currency_code,
    cast((counts.counted_qty - counts.system_qty) * counts.unit_cost as decimal(18, 2)) as variance_value,
    cast(counts.counted_qty * counts.unit_cost as decimal(18, 2)) as counted_value,
    abs(counts.counted_qty - counts.system_qty) <= {{ var('inventory_count_tolerance_units') }} as is_accurate
from counts
inner join sites on counts.site_id = sites.site_id
