{{ config(alias='dim_cost_category') }}
-- One row per cost category: those with cost or budget, and those the KPIs are split by.
select cost_category from {{ ref('fct_costs_monthly') }} where cost_category is not null
union
select breakdown_value from {{ ref('kpi_monthly') }} where breakdown = 'cost_category'
