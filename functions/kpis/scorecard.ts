/**
 * The overview's tiles for one scope and period: each KPI's value, unit, target, red/amber/green,
 * change against the previous period and the same period last year, a sparkline, and whether the
 * data covers the period whole (a partial period is marked, never silently compared).
 */
import type { QueryEngine } from '../query/engine.js';
import { dataCoverage } from './coverage.js';
import {
  addDays,
  type DataCoverage,
  isPartial,
  lastYearPeriod,
  monthPeriod,
  type Period,
  periodLabel,
  previousPeriod,
} from './period.js';
import type { KpiDefinition } from './registry.js';
import type { Scope } from './scope.js';
import { type SeriesGrain, type SeriesPoint, series } from './values.js';

/** How many months / weeks of history a tile's sparkline shows. */
export const SPARKLINE_PERIODS = 12;

export interface Comparison {
  readonly period: Period;
  readonly label: string;
  readonly value: number | null;
  readonly partial: boolean;
  /** value now − value then, in the KPI's unit; null when either is missing. */
  readonly change: number | null;
}

export interface Tile {
  readonly kpi: string;
  readonly label: string;
  readonly domain: KpiDefinition['domain'];
  readonly unit: string;
  readonly kind: KpiDefinition['kind'];
  readonly direction: KpiDefinition['direction'];
  readonly grain: KpiDefinition['grain'];
  readonly breakdown: string;
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly p90: number | null;
  readonly target: number | null;
  readonly status: SeriesPoint['status'];
  /** Money KPIs: the currency of value and target (the reporting currency); null otherwise. */
  readonly currency: string | null;
  /** A site's money KPI in the currency the site books in. */
  readonly booked: SeriesPoint['booked'];
  readonly partial: boolean;
  readonly previous: Comparison;
  readonly lastYear: Comparison;
  readonly sparkline: readonly { readonly periodStart: string; readonly value: number | null }[];
  /** Why a tile has no value: a monthly KPI asked for a week, a KPI published only by breakdown. */
  readonly note: string | null;
}

export interface Scorecard {
  readonly scope: Scope;
  readonly period: Period;
  readonly label: string;
  readonly partial: boolean;
  readonly coverage: DataCoverage;
  readonly tiles: readonly Tile[];
}

/** The grain that reads one period as one bucket. */
function periodGrain(period: Period): SeriesGrain {
  return period.kind === 'month' ? 'month' : period.kind === 'week' ? 'week' : 'range';
}

async function periodValues(engine: QueryEngine, scope: Scope, period: Period): Promise<Map<string, SeriesPoint>> {
  const grain = periodGrain(period);
  const to = grain === 'month' ? period.start : period.end;
  const points = await series(engine, { scope, grain, from: period.start, to });
  return new Map(points.map((p) => [p.kpi, p]));
}

/** The sparkline's window: the last months (weeks) up to the period, or the custom range by day. */
function sparklineRequest(period: Period): { grain: SeriesGrain; from: string; to: string } {
  switch (period.kind) {
    case 'month': {
      const [year, month] = period.start.split('-').map(Number) as [number, number];
      const first = new Date(Date.UTC(year, month - SPARKLINE_PERIODS, 1)).toISOString().slice(0, 7);
      return { grain: 'month', from: monthPeriod(first).start, to: period.start };
    }
    case 'week':
      return { grain: 'week', from: addDays(period.start, -7 * (SPARKLINE_PERIODS - 1)), to: period.end };
    case 'custom':
      return { grain: 'day', from: period.start, to: period.end };
  }
}

function comparison(
  now: number | null,
  period: Period,
  values: Map<string, SeriesPoint>,
  kpi: string,
  coverage: DataCoverage,
): Comparison {
  const then = values.get(kpi)?.value ?? null;
  return {
    period,
    label: periodLabel(period),
    value: then,
    partial: isPartial(period, coverage),
    change: now === null || then === null ? null : now - then,
  };
}

function tileNote(definition: KpiDefinition, period: Period, point: SeriesPoint | undefined): string | null {
  if (definition.grain === 'monthly' && period.kind !== 'month') return 'monthly KPI: choose a month';
  if (!point && definition.breakdown !== 'all') return `published by ${definition.breakdown}: see the KPI page`;
  if (!point) return 'no data in this period';
  return null;
}

export async function scorecard(
  engine: QueryEngine,
  registry: readonly KpiDefinition[],
  scope: Scope,
  period: Period,
): Promise<Scorecard> {
  const previous = previousPeriod(period);
  const lastYear = lastYearPeriod(period);
  const spark = sparklineRequest(period);
  // One after another: the engine's connection runs one statement at a time.
  const coverage = await dataCoverage(engine, scope);
  const current = await periodValues(engine, scope, period);
  const before = await periodValues(engine, scope, previous);
  const yearAgo = await periodValues(engine, scope, lastYear);
  const sparkPoints = await series(engine, { scope, ...spark });
  const sparklines = new Map<string, { periodStart: string; value: number | null }[]>();
  for (const p of sparkPoints) {
    const line = sparklines.get(p.kpi) ?? [];
    line.push({ periodStart: p.periodStart, value: p.value });
    sparklines.set(p.kpi, line);
  }
  const tiles = registry.map((definition): Tile => {
    const point = current.get(definition.kpi);
    const now = point?.value ?? null;
    return {
      kpi: definition.kpi,
      label: definition.label,
      domain: definition.domain,
      unit: definition.unit,
      kind: definition.kind,
      direction: definition.direction,
      grain: definition.grain,
      breakdown: definition.breakdown,
      value: now,
      numerator: point?.numerator ?? null,
      denominator: point?.denominator ?? null,
      p90: point?.p90 ?? null,
      target: point?.target ?? definition.defaultTarget,
      status: point?.status ?? null,
      currency: point?.currency ?? null,
      booked: point?.booked ?? null,
      partial: isPartial(period, coverage),
      previous: comparison(now, previous, before, definition.kpi, coverage),
      lastYear: comparison(now, lastYear, yearAgo, definition.kpi, coverage),
      sparkline: sparklines.get(definition.kpi) ?? [],
      note: tileNote(definition, period, point),
    };
  });
  return { scope, period, label: periodLabel(period), partial: isPartial(period, coverage), coverage, tiles };
}
