-- One row per calendar day between vars calendar_start and calendar_end.
with days as (
    {{ day_spine(var('calendar_start'), var('calendar_end')) }}
)

select
    cast(date_day as date) as date_day,
    cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
    cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
    cast(extract(year from date_day) as {{ dbt.type_int() }}) as year_number,
    cast(extract(month from date_day) as {{ dbt.type_int() }}) as month_number,
    cast(extract(day from date_day) as {{ dbt.type_int() }}) as day_of_month,
    cast({{ iso_day_of_week('date_day') }} as {{ dbt.type_int() }}) as iso_day_of_week,
    {{ iso_day_of_week('date_day') }} in (6, 7) as is_weekend
from days
