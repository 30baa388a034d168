{{ config(alias='dim_date') }}
-- One row per calendar day.
select
    date_day as calendar_date,
    month_start,
    week_start,
    year_number as year,
    month_number as month_number,
    day_of_month as day_of_month,
    iso_day_of_week as day_of_week,
    is_weekend as weekend
from {{ ref('dim_date') }}
