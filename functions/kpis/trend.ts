/**
 * The KPI page's series: a KPI's trend (daily, weekly or monthly, with the target of each point),
 * every site side by side for a period, and its breakdown (carrier, cost category) for a period.
 */
import type { QueryEngine } from '../query/engine.js';
import { dataCoverage } from './coverage.js';
import { addDays, isPartial, monthPeriod, type Period, type TrendGrain, weekStart } from './period.js';
import type { Scope } from './scope.js';
import { type SeriesGrain, type SeriesPoint, series } from './values.js';

export interface TrendPoint extends SeriesPoint {
  /** Last day of the bucket. */
  readonly periodEnd: string;
  /** The data does not cover the whole bucket. */
  readonly partial: boolean;
}

export interface TrendRequest {
  readonly kpi: string;
  readonly scope: Scope;
  readonly grain: TrendGrain;
  readonly from: string;
  readonly to: string;
}

/** First and last day of the bucket starting on `start`. */
export function bucketOf(grain: TrendGrain, start: string): { start: string; end: string } {
  if (grain === 'day') return { start, end: start };
  if (grain === 'week') return { start, end: addDays(start, 6) };
  return { start, end: monthPeriod(start.slice(0, 7)).end };
}

/** Aligns a from..to window to whole buckets of the grain. */
function alignedWindow(grain: TrendGrain, from: string, to: string): { from: string; to: string } {
  if (grain === 'week') return { from: weekStart(from), to };
  if (grain === 'month') return { from: `${from.slice(0, 7)}-01`, to: `${to.slice(0, 7)}-01` };
  return { from, to };
}

export async function trend(engine: QueryEngine, request: TrendRequest): Promise<TrendPoint[]> {
  const window = alignedWindow(request.grain, request.from, request.to);
  const coverage = await dataCoverage(engine, request.scope);
  const points = await series(engine, { scope: request.scope, grain: request.grain, kpi: request.kpi, ...window });
  return points.map((p) => {
    const bucket = bucketOf(request.grain, p.periodStart);
    return { ...p, periodEnd: bucket.end, partial: isPartial({ kind: 'custom', ...bucket }, coverage) };
  });
}

function periodRequest(period: Period): { grain: SeriesGrain; from: string; to: string } {
  if (period.kind === 'month') return { grain: 'month', from: period.start, to: period.start };
  return { grain: period.kind === 'week' ? 'week' : 'range', from: period.start, to: period.end };
}

/** The KPI at every site for the period, one point per site. */
export async function siteComparison(engine: QueryEngine, kpi: string, period: Period): Promise<SeriesPoint[]> {
  return series(engine, { scope: 'sites', kpi, ...periodRequest(period) });
}

/** The KPI by its breakdown dimension for the scope and period; empty for KPIs without one. */
export async function breakdown(
  engine: QueryEngine,
  kpi: string,
  scope: Scope,
  period: Period,
): Promise<SeriesPoint[]> {
  return series(engine, { scope, kpi, byBreakdown: true, ...periodRequest(period) });
}
