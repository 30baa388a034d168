{{ config(severity='warn') }}
-- Region and company roll-ups of the money KPIs (cost per order, budget and billing variance) add
-- amounts across sites as they are booked, with no currency conversion. That is right only while
-- every site books in one currency; this warns, naming the currencies, when they do not.
with booked as (
    select site_id, currency_code from {{ ref('fct_costs_monthly') }}
    union
    select site_id, currency_code from {{ ref('fct_vendor_billing') }}
)

select currency_code, count(distinct site_id) as sites
from booked
where currency_code is not null
group by currency_code
having (select count(distinct currency_code) from booked where currency_code is not null) > 1
