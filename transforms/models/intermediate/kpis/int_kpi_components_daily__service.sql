-- Daily KPI parts from customer feedback: NPS = 100 × (promoters − detractors) ÷ responses. The
-- numerator (promoters − detractors) may be negative; it and the count add up across sites and days.
select
    site_id,
    response_date as kpi_date,
    'nps' as kpi,
    'all' as breakdown_value,
    sum(case nps_category when 'promoter' then 1 when 'detractor' then -1 else 0 end) as numerator,
    count(*) as denominator
from {{ ref('fct_customer_feedback') }}
group by site_id, response_date
