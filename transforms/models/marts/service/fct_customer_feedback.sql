-- One row per survey response, classified the NPS way: promoter 9–10, passive 7–8, detractor 0–6.
with responses as (
    select * from {{ ref('stg_erp__customer_feedback') }}
),

sites as (
    select site_id, timezone from {{ ref('dim_site') }}
)

select
    responses.response_id,
    responses.site_id,
    responses.order_id,
    responses.responded_at,
    {{ local_date('responses.responded_at', 'sites.timezone') }} as response_date,
    responses.score,
    case
        when responses.score >= 9 then 'promoter'
        when responses.score >= 7 then 'passive'
        else 'detractor'
    end as nps_category
from responses
inner join sites on responses.site_id = sites.site_id
