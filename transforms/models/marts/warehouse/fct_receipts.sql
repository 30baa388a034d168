-- One row per inbound receipt line, from dock arrival to put-away, on the site's local calendar.
with receipts as (
    select * from {{ ref('stg_wms__receipts') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    receipts.receipt_id,
    receipts.site_id,
    receipts.vendor_id,
    receipts.po_number,
    receipts.sku,
    receipts.expected_qty,
    receipts.received_qty,
    receipts.arrived_at,
    receipts.put_away_at,
    {{ local_date('receipts.arrived_at', 'sites.timezone') }} as arrival_date,
    {{ local_date('receipts.put_away_at', 'sites.timezone') }} as put_away_date,
    {{ hours_between('receipts.arrived_at', 'receipts.put_away_at') }} as dock_to_stock_hours
from receipts
inner join sites on receipts.site_id = sites.site_id
