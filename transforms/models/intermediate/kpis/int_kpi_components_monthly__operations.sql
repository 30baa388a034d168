-- Monthly KPI parts from the workforce: turnover = terminations ÷ average headcount, where the
-- average is (start + end) ÷ 2 — kept as the denominator so regions and the company add up.
select
    site_id,
    month_start,
    'turnover_rate' as kpi,
    'all' as breakdown_value,
    terminations as numerator,
    (headcount_start + headcount_end) / 2.0 as denominator
from {{ ref('fct_headcount_monthly') }}
