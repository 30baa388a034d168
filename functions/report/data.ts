/**
 * Everything the report shows for one month and scope, read through the query module (DuckDB
 * locally, Athena in AWS) with the shared KPI reads of functions/kpis, and the data-quality facts
 * (quality.ts). Rendering (sections/) only formats what is here.
 */
import type { ObjectStore } from '../core/storage/port.js';
import {
  type Dimensions,
  type KpiDefinition,
  loadDimensions,
  loadRegistry,
  monthPeriod,
  previousPeriod,
  type Scope,
  type Scorecard,
  type SeriesPoint,
  scorecard,
  series,
} from '../kpis/index.js';
import {
  type ActionRegister,
  actionRegister,
  type BillAudit,
  billAudit,
  type LabourPlan,
  labourPlan,
  scorecards as productScorecards,
  type Scorecards,
} from '../products/queries.js';
import { type QueryEngine, queryObjects } from '../query/engine.js';
import { shiftMonth } from './month.js';
import { type Drivers, driversOf, type Mover, type PartsRow, rankedMoves, topMovers } from './movers.js';
import { type DataQuality, loadDataQuality } from './quality.js';
import { reportColumns, scopeKey, sitesOf } from './scope.js';

/** The KPIs drawn as 12-month trends, one line per site (those in the registry, in this order). */
export const HEADLINE_KPIS = [
  'otif_rate',
  'on_time_delivery_rate',
  'order_to_delivery_h',
  'dock_to_stock_h',
  'inventory_record_accuracy',
  'units_per_labor_hour',
  'overtime_rate',
  'cost_per_order',
] as const;

export const TREND_MONTHS = 12;

export interface CommentaryRow {
  readonly kpi: string;
  readonly scopeLevel: string;
  readonly scopeId: string;
  readonly value: number | null;
  readonly target: number | null;
  readonly status: string | null;
  readonly note: string | null;
  readonly author: string | null;
  readonly writtenAt: string | null;
  readonly needsCommentary: boolean;
}

export interface ReportData {
  readonly month: string;
  readonly scope: Scope;
  readonly generatedAt: string;
  readonly registry: readonly KpiDefinition[];
  readonly dimensions: Dimensions;
  readonly columns: readonly Scope[];
  /** By scopeKey: the month's scorecard of every column. */
  readonly scorecards: ReadonlyMap<string, Scorecard>;
  readonly headline: Scorecard;
  readonly moves: readonly Mover[];
  readonly movers: readonly { mover: Mover; drivers: Drivers }[];
  readonly trends: readonly { kpi: KpiDefinition; points: readonly SeriesPoint[]; target: readonly SeriesPoint[] }[];
  readonly commentary: readonly CommentaryRow[];
  readonly quality: DataQuality;
  /** 7 Data products (functions/products). */
  readonly products: {
    readonly billAudit: BillAudit;
    readonly scorecards: Scorecards;
    readonly actions: ActionRegister;
    readonly labourPlan: LabourPlan;
  };
}

export interface ReportSources {
  readonly engine: QueryEngine;
  readonly lake: ObjectStore;
  readonly quarantine: ObjectStore;
  readonly runResults?: string | null;
  readonly now?: Date;
}

const PARTS_SQL = `
select kpi, site_id, breakdown_value, case when month_start = ? then 'now' else 'before' end as month,
       numerator, denominator
from kpi_monthly
where scope_level = 'site' and month_start in (?, ?)
order by kpi, site_id, breakdown_value, month_start`;

async function loadParts(engine: QueryEngine, month: string): Promise<PartsRow[]> {
  const now = `${month}-01`;
  const before = `${shiftMonth(month, -1)}-01`;
  const rows = await queryObjects<{
    kpi: string;
    site_id: string;
    breakdown_value: string;
    month: 'now' | 'before';
    numerator: number | null;
    denominator: number | null;
  }>(engine, PARTS_SQL, [now, now, before]);
  return rows.map((r) => ({
    kpi: r.kpi,
    siteId: r.site_id,
    breakdownValue: r.breakdown_value,
    month: r.month,
    numerator: r.numerator,
    denominator: r.denominator,
  }));
}

const COMMENTARY_SQL = `
select kpi, scope_level, scope_id, kpi_value, target_value, status, note, author,
       cast(written_at as varchar) as written_at, needs_commentary
from kpi_monthly_commentary
where month_start = ?
order by kpi, scope_level, scope_id`;

async function loadCommentary(engine: QueryEngine, month: string, columns: readonly Scope[]): Promise<CommentaryRow[]> {
  const wanted = new Set(columns.map(scopeKey));
  const rows = await queryObjects<{
    kpi: string;
    scope_level: string;
    scope_id: string;
    kpi_value: number | null;
    target_value: number | null;
    status: string | null;
    note: string | null;
    author: string | null;
    written_at: string | null;
    needs_commentary: boolean;
  }>(engine, COMMENTARY_SQL, [`${month}-01`]);
  return rows
    .filter((r) => wanted.has(`${r.scope_level}:${r.scope_id}`))
    .map((r) => ({
      kpi: r.kpi,
      scopeLevel: r.scope_level,
      scopeId: r.scope_id,
      value: r.kpi_value,
      target: r.target_value,
      status: r.status,
      note: r.note,
      author: r.author,
      writtenAt: r.written_at,
      needsCommentary: r.needs_commentary,
    }));
}

async function loadTrends(
  engine: QueryEngine,
  registry: readonly KpiDefinition[],
  month: string,
  scope: Scope,
  sites: readonly string[],
): Promise<ReportData['trends']> {
  const from = `${shiftMonth(month, -(TREND_MONTHS - 1))}-01`;
  const to = `${month}-01`;
  const trends = [];
  for (const kpi of HEADLINE_KPIS) {
    const definition = registry.find((k) => k.kpi === kpi);
    if (!definition) continue;
    const points = (await series(engine, { scope: 'sites', grain: 'month', from, to, kpi })).filter((p) =>
      sites.includes(p.scopeId),
    );
    const target = await series(engine, { scope, grain: 'month', from, to, kpi });
    trends.push({ kpi: definition, points, target });
  }
  return trends;
}

export async function loadReportData(sources: ReportSources, month: string, scope: Scope): Promise<ReportData> {
  const { engine } = sources;
  const registry = await loadRegistry(engine);
  const dimensions = await loadDimensions(engine);
  const columns = reportColumns(scope, dimensions);
  const period = monthPeriod(month);
  const scorecards = new Map<string, Scorecard>();
  // One after another: an engine runs one statement at a time.
  for (const column of columns) scorecards.set(scopeKey(column), await scorecard(engine, registry, column, period));
  const headline = scorecards.get(scopeKey(scope)) ?? (await scorecard(engine, registry, scope, period));
  const previous = await scorecard(engine, registry, scope, previousPeriod(period));
  const moves = rankedMoves(headline, previous);
  const sites = sitesOf(scope, dimensions);
  const parts = await loadParts(engine, month);
  const scaleOf = new Map(registry.map((k) => [k.kpi, k.scale]));
  const movers = topMovers(moves).map((mover) => ({
    mover,
    drivers: driversOf(mover.tile, scaleOf.get(mover.tile.kpi) ?? 1, sites, parts),
  }));
  const trends = await loadTrends(engine, registry, month, scope, sites);
  const commentary = await loadCommentary(engine, month, columns);
  const quality = await loadDataQuality(
    { engine, lake: sources.lake, quarantine: sources.quarantine, runResults: sources.runResults ?? null, sites },
    month,
  );
  const products = {
    billAudit: await billAudit(engine, scope, month),
    scorecards: await productScorecards(engine, scope, month),
    actions: await actionRegister(engine, scope, month),
    labourPlan: await labourPlan(engine, scope),
  };
  return {
    month,
    scope,
    generatedAt: (sources.now ?? new Date()).toISOString(),
    registry,
    dimensions,
    columns,
    scorecards,
    headline,
    moves,
    movers,
    trends,
    commentary,
    quality,
    products,
  };
}
