-- The forecast's accuracy per site: MAPE (mean absolute percentage error over the backtest days with
-- units picked) and bias (Σ forecast − Σ actual, ÷ Σ actual; positive = over-forecast).
select
    site_id,
    min(origin_date) as origin_date,
    max(date_day) as last_day,
    count(*) as days,
    count(absolute_pct_error) as days_scored,
    avg(absolute_pct_error) as mape,
    {{ safe_ratio('sum(forecast_units) - sum(actual_units)', 'sum(actual_units)') }} as bias_pct
from {{ ref('forecast_backtest_daily') }}
group by site_id
