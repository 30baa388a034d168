-- Daily KPI parts from inbound, inventory and the workforce (formulas: the KPI registry).
with counts as (
    select * from {{ ref('fct_inventory_counts') }}
),

labour as (
    select * from {{ ref('fct_labour_daily') }}
),

hours_daily as (
    select
        site_id,
        work_date as kpi_date,
        sum(worked_hours) as worked_hours,
        sum(overtime_hours) as overtime_hours,
        sum(worked_hours_on_scheduled_shifts) as worked_hours_on_scheduled_shifts,
        sum(worked_hours_within_schedule) as worked_hours_within_schedule,
        sum(scheduled_hours_on_scheduled_shifts) as scheduled_hours_on_scheduled_shifts,
        sum(case when labour_type = 'direct' then worked_hours else 0 end) as direct_worked_hours
    from labour
    group by site_id, work_date
),

recordables_daily as (
    select site_id, incident_date as kpi_date, count(*) as incidents
    from {{ ref('fct_safety_incidents') }}
    where is_recordable
    group by site_id, incident_date
),

picked_daily as (
    select site_id, event_date as kpi_date, sum(quantity) as units
    from {{ ref('fct_order_events') }}
    where event_type = 'picked'
    group by site_id, event_date
),

record_accuracy as (
    select
        site_id, count_date as kpi_date, 'inventory_record_accuracy' as kpi,
        sum(case when is_accurate then 1 else 0 end) as numerator, count(*) as denominator
    from counts
    group by site_id, count_date
),

shrinkage as (
    -- Per count line (SKU × location): a loss is a loss even when another SKU was found over, so
    -- gains never net against losses.
    select
        site_id, count_date as kpi_date, 'shrinkage_rate' as kpi,
        sum(case when variance_value < 0 then -variance_value else 0 end) as numerator,
        sum(counted_value) as denominator
    from counts
    group by site_id, count_date
),

overtime as (
    select
        site_id, kpi_date, 'overtime_rate' as kpi,
        overtime_hours as numerator, worked_hours as denominator
    from hours_daily
),

schedule_adherence as (
    -- Time worked as scheduled ÷ scheduled time (≤ 1): overtime past the shift does not make up
    -- for a short shift elsewhere.
    select
        site_id, kpi_date, 'schedule_adherence' as kpi,
        worked_hours_within_schedule as numerator, scheduled_hours_on_scheduled_shifts as denominator
    from hours_daily
    where scheduled_hours_on_scheduled_shifts > 0
),

schedule_attainment as (
    select
        site_id, kpi_date, 'schedule_attainment' as kpi,
        worked_hours_on_scheduled_shifts as numerator, scheduled_hours_on_scheduled_shifts as denominator
    from hours_daily
    where scheduled_hours_on_scheduled_shifts > 0
),

recordable_incidents as (
    select site_id, kpi_date, 'recordable_incidents' as kpi, incidents as numerator, 0 as denominator
    from recordables_daily
),

units_per_labor_hour as (
    {{ kpi_parts_from_two_sides('units_per_labor_hour', 'picked_daily', 'units', 'hours_daily', 'direct_worked_hours') }}
)

select site_id, kpi_date, kpi, 'all' as breakdown_value, numerator, denominator from record_accuracy
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from shrinkage
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from overtime
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from schedule_adherence
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from schedule_attainment
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from recordable_incidents
union all
select site_id, kpi_date, kpi, 'all', numerator, denominator from units_per_labor_hour
