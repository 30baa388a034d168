-- One observation per receipt put away: dock-to-stock hours, on the local put-away day.
select
    site_id,
    put_away_date as kpi_date,
    'dock_to_stock_h' as kpi,
    dock_to_stock_hours as observed_value
from {{ ref('fct_receipts') }}
where put_away_at is not null
