-- Owners' notes beside the KPIs they comment on: one row per KPI × scope × month that has a value
-- or a note (breakdown 'all'). A red KPI without a note needs commentary; a note on a KPI with no
-- value that month is kept (full join), never dropped.
with kpis as (
    select scope_level, scope_id, month_start, kpi, kpi_value, target_value, status
    from {{ ref('kpi_monthly') }}
    where breakdown_value = 'all'
),

notes as (
    select scope_level, scope_id, period_month, kpi, note, author, written_at
    from {{ ref('stg_reference__kpi_commentary') }}
)

select
    coalesce(kpis.scope_level, notes.scope_level) as scope_level,
    coalesce(kpis.scope_id, notes.scope_id) as scope_id,
    coalesce(kpis.month_start, notes.period_month) as month_start,
    coalesce(kpis.kpi, notes.kpi) as kpi,
    kpis.kpi_value,
    kpis.target_value,
    kpis.status,
    notes.note,
    notes.author,
    notes.written_at,
    coalesce(kpis.status = 'red' and notes.note is null, false) as needs_commentary
from kpis
full outer join notes
    on kpis.kpi = notes.kpi
    and kpis.scope_level = notes.scope_level
    and kpis.scope_id = notes.scope_id
    and kpis.month_start = notes.period_month
