/**
 * Top movers and their drivers. A KPI's move is scored in its "good" direction relative to its
 * target (change ÷ |target|; ÷ |previous value| without a target), so a cost and a rate compare.
 * Every KPI whose status changed is a mover; then the largest moves. For each ratio mover the
 * change of the scope's value is split into site mix and site performance (drivers.ts), and
 * within the site that moved it most, into its breakdown (carrier, cost category) where the
 * warehouse publishes one.
 */

import { decomposeRatioChange, decomposeSumChange, type RatioDecomposition, type RatioParts } from '../kpis/drivers.js';
import type { Scorecard, Tile } from '../kpis/index.js';

export interface Mover {
  readonly tile: Tile;
  readonly previousStatus: string | null;
  /** > 0 improved, < 0 deteriorated, in units of the target (or of the previous value). */
  readonly score: number;
  readonly statusChanged: boolean;
}

/** Parts of one KPI at one site (or breakdown value) in the report month and the month before. */
export interface PartsRow {
  readonly kpi: string;
  readonly siteId: string;
  readonly breakdownValue: string;
  readonly month: 'now' | 'before';
  readonly numerator: number | null;
  readonly denominator: number | null;
}

export type Drivers =
  | {
      readonly kind: 'ratio';
      readonly sites: RatioDecomposition;
      readonly within?: { siteId: string; via: string; split: RatioDecomposition };
    }
  | { readonly kind: 'sum'; readonly sites: ReturnType<typeof decomposeSumChange> }
  | { readonly kind: 'none'; readonly reason: string };

/** How many moves beyond the status changes the section shows, and the summary's count each way. */
export const EXTRA_MOVERS = 3;
export const SUMMARY_MOVES = 3;

/** Where a site's KPI is published split further: the KPI whose breakdown rows explain it. */
export const BREAKDOWN_SOURCE: Readonly<Record<string, string>> = {
  on_time_delivery_rate: 'carrier_on_time_rate',
  budget_variance_pct: 'budget_variance_pct',
};

function score(tile: Tile): number | null {
  const change = tile.previous.change;
  if (change === null) return null;
  const base = tile.target !== null && tile.target !== 0 ? Math.abs(tile.target) : Math.abs(tile.previous.value ?? 0);
  if (base === 0) return null;
  return ((tile.direction === 'higher_is_better' ? 1 : -1) * change) / base;
}

/** Every tile with a comparable previous month, best improvement first. */
export function rankedMoves(current: Scorecard, previous: Scorecard): Mover[] {
  const before = new Map(previous.tiles.map((t) => [t.kpi, t.status]));
  const moves: Mover[] = [];
  for (const tile of current.tiles) {
    const s = score(tile);
    if (s === null) continue;
    const previousStatus = before.get(tile.kpi) ?? null;
    moves.push({
      tile,
      previousStatus,
      score: s,
      statusChanged: previousStatus !== null && previousStatus !== tile.status,
    });
  }
  return moves.sort((a, b) => b.score - a.score || a.tile.kpi.localeCompare(b.tile.kpi));
}

/** Status changes first, then the largest moves either way. */
export function topMovers(moves: readonly Mover[]): Mover[] {
  const changed = moves.filter((m) => m.statusChanged);
  const rest = moves
    .filter((m) => !m.statusChanged)
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))
    .slice(0, EXTRA_MOVERS);
  return [...changed, ...rest].sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
}

function partsBySegment(rows: readonly PartsRow[], kpi: string, segment: (r: PartsRow) => string | null) {
  const segments = new Map<string, { before: RatioParts | null; after: RatioParts | null }>();
  for (const r of rows) {
    const id = r.kpi === kpi ? segment(r) : null;
    if (id === null || r.numerator === null || r.denominator === null) continue;
    const entry = segments.get(id) ?? { before: null, after: null };
    const parts = { numerator: r.numerator, denominator: r.denominator };
    segments.set(id, r.month === 'now' ? { ...entry, after: parts } : { ...entry, before: parts });
  }
  return [...segments].map(([id, s]) => ({ id, ...s })).sort((a, b) => a.id.localeCompare(b.id));
}

const hasBothMonths = (segments: { before: RatioParts | null; after: RatioParts | null }[]) =>
  segments.some((s) => s.before && s.before.denominator !== 0) &&
  segments.some((s) => s.after && s.after.denominator !== 0);

export function driversOf(tile: Tile, scale: number, sites: readonly string[], rows: readonly PartsRow[]): Drivers {
  const inScope = (r: PartsRow) => sites.includes(r.siteId);
  if (tile.kind === 'distribution') {
    return { kind: 'none', reason: 'a median does not split into site parts; see each site in the scorecard' };
  }
  if (tile.kind === 'sum') {
    const segments = partsBySegment(rows, tile.kpi, (r) =>
      inScope(r) && r.breakdownValue === 'all' ? r.siteId : null,
    );
    return {
      kind: 'sum',
      sites: decomposeSumChange(
        segments.map((s) => ({ id: s.id, before: s.before?.numerator ?? null, after: s.after?.numerator ?? null })),
      ),
    };
  }
  const segments = partsBySegment(rows, tile.kpi, (r) => (inScope(r) && r.breakdownValue === 'all' ? r.siteId : null));
  if (!hasBothMonths(segments)) return { kind: 'none', reason: 'no parts in one of the two months' };
  const split = decomposeRatioChange(segments, scale);
  const via = BREAKDOWN_SOURCE[tile.kpi];
  const site = [...split.segments].sort(
    (a, b) => Math.abs(b.performance.valueOf()) - Math.abs(a.performance.valueOf()),
  )[0]?.id;
  if (!via || !site) return { kind: 'ratio', sites: split };
  const breakdown = partsBySegment(rows, via, (r) =>
    r.siteId === site && r.breakdownValue !== 'all' ? r.breakdownValue : null,
  );
  if (!hasBothMonths(breakdown)) return { kind: 'ratio', sites: split };
  return { kind: 'ratio', sites: split, within: { siteId: site, via, split: decomposeRatioChange(breakdown, scale) } };
}
