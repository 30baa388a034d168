-- dim_date holds every day from var calendar_start up to, not including, calendar_end, each once:
-- its first and last day, its row count and its distinct days are checked against the vars here in
-- SQL (dbt.datediff), apart from the Jinja arithmetic that builds the spine (day_spine).
with calendar as (
    select
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as days,
        count(distinct date_day) as distinct_days
    from {{ ref('dim_date') }}
)

select *
from calendar
where first_day <> {{ date_literal(var('calendar_start')) }}
    or last_day <> cast({{ dbt.dateadd('day', -1, date_literal(var('calendar_end'))) }} as date)
    or days <> distinct_days
    or days <> {{ dbt.datediff(date_literal(var('calendar_start')), date_literal(var('calendar_end')), 'day') }}
