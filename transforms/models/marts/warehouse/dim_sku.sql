-- One row per SKU any feed has mentioned (order lines, receipts, counts, events, returns), with
-- its latest standard unit cost from cycle counts (null for a SKU never counted).
with mentioned as (
    select sku from {{ ref('stg_erp__sales_order_lines') }}
    union
    select sku from {{ ref('stg_wms__receipts') }}
    union
    select sku from {{ ref('stg_wms__inventory_counts') }}
    union
    select sku from {{ ref('stg_wms__order_events') }}
    union
    select sku from {{ ref('stg_wms__returns') }}
),

latest_cost as (
    select sku, unit_cost, currency_code
    from (
        select
            sku,
            unit_cost,
            currency_code,
            row_number() over (partition by sku order by counted_at desc, count_id desc) as recency
        from {{ ref('stg_wms__inventory_counts') }}
    ) as ranked
    where recency = 1
)

select
    mentioned.sku,
    latest_cost.unit_cost as latest_unit_cost,
    latest_cost.currency_code
from mentioned
left join latest_cost on mentioned.sku = latest_cost.sku
