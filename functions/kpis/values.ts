/**
 * KPI values over time for a scope (or for every site side by side), at any grain:
 * - days and months are read as the warehouse publishes them (`kpi_daily`, `kpi_monthly`: value,
 *   target and status computed by dbt);
 * - weeks and custom ranges are re-computed from the published daily parts — Σnumerator ÷
 *   Σdenominator × scale for ratios, Σnumerator for sums, and the median of the underlying
 *   observations (`int_kpi_observations_daily`) for distributions — never averaged from daily values.
 *   Status then follows the registry rule (status.ts) against the target in force on the last day.
 * Monthly-grain KPIs (cost per order…) exist only by month.
 */
import { type Cell, type QueryEngine, queryObjects } from '../query/engine.js';
import type { KpiDirection } from './registry.js';
import { kpiScopeFilter, type Scope, siteInScopeFilter } from './scope.js';
import { type Fragment, sql, text, value } from './sql.js';
import { type KpiStatus, kpiStatus } from './status.js';

/** `day`/`week`/`month` buckets, or `range`: the whole from..to as one bucket. */
export type SeriesGrain = 'day' | 'week' | 'month' | 'range';

export interface SeriesRequest {
  /** One scope, or every site (the per-site comparison). */
  readonly scope: Scope | 'sites';
  readonly grain: SeriesGrain;
  readonly from: string;
  readonly to: string;
  /** Only this KPI; all when absent. */
  readonly kpi?: string;
  /** Rows per breakdown value (carrier, cost category) instead of the overall ('all') rows. */
  readonly byBreakdown?: boolean;
}

export interface SeriesPoint {
  readonly kpi: string;
  readonly scopeId: string;
  readonly breakdownValue: string;
  /** First day of the bucket (for `range`: the range's first day). */
  readonly periodStart: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly p90: number | null;
  readonly target: number | null;
  readonly status: KpiStatus | null;
  /**
   * Money KPIs (registry money, unit currency or a variance): the currency of value, parts and
   * target — the reporting currency at every scope (kpi_monthly.currency_code); null otherwise.
   */
  readonly currency: string | null;
  /** Site rows of money KPIs: the value in the currency the site books in (kpi_monthly.booking_*). */
  readonly booked: { readonly currency: string; readonly value: number | null } | null;
}

interface PointRow extends Record<string, Cell> {
  kpi: string;
  scope_id: string;
  breakdown_value: string;
  period_start: string;
  numerator: number | null;
  denominator: number | null;
  kpi_value: number | null;
  p90_value: number | null;
  target_value: number | null;
  status: string | null;
  /** Only on re-computed rows. */
  amber_threshold: number | null;
  direction: string;
  /** Only on re-computed rows. */
  display_decimals: number | null;
  currency_code: string | null;
  booking_currency_code: string | null;
  booking_kpi_value: number | null;
}

function scopeFilter(scope: SeriesRequest['scope'], alias: string): Fragment {
  return scope === 'sites' ? text(`${alias}.scope_level = 'site'`) : kpiScopeFilter(scope, alias);
}

const kpiFilter = (kpi: string | undefined, column: string): Fragment =>
  sql`(${value(kpi ?? '')} = '' or ${text(column)} = ${value(kpi ?? '')})`;

const breakdownFilter = (byBreakdown: boolean | undefined, column: string): Fragment =>
  text(byBreakdown ? `${column} <> 'all'` : `${column} = 'all'`);

/** Published rows of kpi_daily (grain day) or kpi_monthly (grain month). */
function publishedSql(request: SeriesRequest): Fragment {
  const table = text(request.grain === 'day' ? 'kpi_daily' : 'kpi_monthly');
  const day = text(request.grain === 'day' ? 'p.kpi_date' : 'p.month_start');
  // Money KPIs are monthly: only kpi_monthly carries their currencies.
  const money = text(
    request.grain === 'day'
      ? 'null as currency_code, null as booking_currency_code, null as booking_kpi_value'
      : 'p.currency_code, p.booking_currency_code, p.booking_kpi_value',
  );
  return sql`
select p.kpi, p.scope_id, p.breakdown_value, ${day} as period_start, p.numerator, p.denominator,
       p.kpi_value, p.p90_value, p.target_value, p.status, p.direction, ${money}
from ${table} as p
where ${scopeFilter(request.scope, 'p')}
  and ${day} between ${value(request.from)} and ${value(request.to)}
  and ${kpiFilter(request.kpi, 'p.kpi')}
  and ${breakdownFilter(request.byBreakdown, 'p.breakdown_value')}
order by p.kpi, p.scope_id, p.breakdown_value, period_start`;
}

/** Weeks or one range, re-computed from the daily parts and the observations. */
function aggregatedSql(request: SeriesRequest): Fragment {
  const bucket = (column: string): Fragment =>
    request.grain === 'week'
      ? text(`cast(date_trunc('week', ${column}) as date)`)
      : sql`cast(${value(request.from)} as date)`;
  const observationScope =
    request.scope === 'sites'
      ? { id: text('o.site_id'), filter: text('true') }
      : { id: sql`cast(${value(request.scope.id)} as varchar)`, filter: siteInScopeFilter(request.scope, 'o.site_id') };
  return sql`
with parts as (
  select d.kpi, d.scope_level, d.scope_id, d.breakdown_value, ${bucket('d.kpi_date')} as period_start,
         sum(d.numerator) as numerator, sum(d.denominator) as denominator,
         arg_max(d.target_value, d.kpi_date) as target_value, max(d.kpi_date) as last_day
  from kpi_daily as d
  where ${scopeFilter(request.scope, 'd')}
    and d.kpi_date between ${value(request.from)} and ${value(request.to)}
    and ${kpiFilter(request.kpi, 'd.kpi')}
    and ${breakdownFilter(request.byBreakdown, 'd.breakdown_value')}
  group by all
),
observations as (
  select o.kpi, ${observationScope.id} as scope_id, ${bucket('o.kpi_date')} as period_start,
         quantile_cont(o.observed_value, 0.5) as median_value, quantile_cont(o.observed_value, 0.9) as p90_value
  from int_kpi_observations_daily as o
  where ${observationScope.filter}
    and o.kpi_date between ${value(request.from)} and ${value(request.to)}
    and ${kpiFilter(request.kpi, 'o.kpi')}
  group by all
)
select p.kpi, p.scope_id, p.breakdown_value, p.period_start, p.numerator,
       case when r.kind = 'sum' then null else p.denominator end as denominator,
       case when r.kind = 'sum' then p.numerator
            when r.kind = 'distribution' then o.median_value
            when p.denominator is null or p.denominator = 0 then null
            else r.scale * p.numerator / p.denominator end as kpi_value,
       o.p90_value, p.target_value, null as status,
       coalesce(t.amber_threshold, r.amber_threshold) as amber_threshold, r.direction, r.display_decimals,
       null as currency_code, null as booking_currency_code, null as booking_kpi_value
from parts as p
inner join kpi_registry as r on r.kpi = p.kpi
left join observations as o
  on o.kpi = p.kpi and o.scope_id = p.scope_id and o.period_start = p.period_start and p.breakdown_value = 'all'
left join int_kpi_targets as t
  on p.scope_level = 'site' and t.site_id = p.scope_id and t.kpi = p.kpi
 and p.last_day between t.valid_from and t.valid_to
order by p.kpi, p.scope_id, p.breakdown_value, p.period_start`;
}

export function seriesSql(request: SeriesRequest): Fragment {
  return request.grain === 'day' || request.grain === 'month' ? publishedSql(request) : aggregatedSql(request);
}

export async function series(engine: QueryEngine, request: SeriesRequest): Promise<SeriesPoint[]> {
  const query = seriesSql(request);
  const rows = await queryObjects<PointRow>(engine, query.sql, query.params);
  const published = request.grain === 'day' || request.grain === 'month';
  return rows.map((r) => ({
    kpi: r.kpi,
    scopeId: r.scope_id,
    breakdownValue: r.breakdown_value,
    periodStart: r.period_start,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.kpi_value,
    p90: r.p90_value,
    target: r.target_value,
    status: published
      ? (r.status as KpiStatus | null)
      : kpiStatus(
          r.kpi_value,
          r.target_value,
          r.direction as KpiDirection,
          r.amber_threshold,
          r.display_decimals ?? undefined,
        ),
    currency: r.currency_code,
    booked: r.booking_currency_code ? { currency: r.booking_currency_code, value: r.booking_kpi_value } : null,
  }));
}
