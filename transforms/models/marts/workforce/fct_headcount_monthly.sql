-- Headcount per site and month (for turnover): employed at the start of the month, employed at its
-- end, and terminations in it, for the months the site has timecards. An employee counts on day d
-- when hired on or before d and not terminated before d (termination_date is the last day worked).
with months as (
    select distinct site_id, cast({{ dbt.date_trunc('month', 'work_date') }} as date) as month_start
    from {{ ref('stg_wfm__timecards') }}
),

bounds as (
    select
        site_id,
        month_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start')) }} as date) as month_end
    from months
),

employees as (
    select * from {{ ref('stg_wfm__employees') }}
)

select
    bounds.site_id,
    bounds.month_start,
    cast(sum(case when employees.hire_date <= bounds.month_start
              and (employees.termination_date is null or employees.termination_date >= bounds.month_start)
             then 1 else 0 end) as {{ dbt.type_bigint() }}) as headcount_start,
    cast(sum(case when employees.hire_date <= bounds.month_end
              and (employees.termination_date is null or employees.termination_date >= bounds.month_end)
             then 1 else 0 end) as {{ dbt.type_bigint() }}) as headcount_end,
    cast(sum(case when employees.termination_date between bounds.month_start and bounds.month_end
             then 1 else 0 end) as {{ dbt.type_bigint() }}) as terminations
from bounds
left join employees on bounds.site_id = employees.site_id
group by bounds.site_id, bounds.month_start
