-- The forecast's backtest per site and day: the same model run from an origin horizon_days before
-- the as-of day, against the units actually picked. Days with nothing picked have no percentage error.
with forecast as (
    select * from {{ ref('int_labour_plan__forecast') }}
    where origin_kind = 'backtest'
),

history as (
    select site_id, date_day, units_picked from {{ ref('int_labour_plan__daily_history') }}
)

select
    forecast.site_id,
    forecast.origin_date,
    forecast.date_day,
    history.units_picked as actual_units,
    forecast.forecast_units,
    case when history.units_picked > 0
        then abs(forecast.forecast_units - history.units_picked) / history.units_picked end as absolute_pct_error
from forecast
inner join history
    on forecast.site_id = history.site_id
    and forecast.date_day = history.date_day
