/**
 * Data quality as the dashboard and the report show it: per feed and ingest day, the files loaded,
 * partial and rejected and the rows quarantined (the audit log, `stg_opslake__ingest_files`); the
 * top reasons rows were quarantined (the quarantine's NDJSON parts under `<quarantine>/rows/`);
 * each feed's freshness against its cadence (the rule `dbt source freshness` uses); and the last
 * dbt build's time and test results (`run_results.json`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INGEST_OUTCOMES, type IngestOutcome, PUBLISHED_OUTCOMES } from '../../schemas/audit.js';
import { FRESHNESS, QUARANTINE_JSON_COLUMNS } from '../../schemas/codegen/dbt-sources.js';
import { contracts } from '../../schemas/index.js';
import { type QueryEngine, queryObjects } from '../query/engine.js';
import { addDays } from './period.js';

/** How many ingest days the page shows by default, up to the latest. */
export const QUALITY_DEFAULT_DAYS = 14;
/** Reasons listed per feed. */
export const TOP_REASONS = 5;

const HOUR_MS = 3_600_000;
const PERIOD_HOURS = { hour: 1, day: 24 } as const;

export interface QualitySources {
  /** The quarantine bucket's directory (`<home>/quarantine`). */
  readonly quarantineDir: string;
  /** Where dbt wrote run_results.json (`<home>/dbt-target`). */
  readonly dbtTargetDir: string;
}

export interface FeedDay {
  readonly feed: string;
  readonly day: string;
  readonly files: number;
  readonly loaded: number;
  readonly partial: number;
  /** Files run again (`opslake replay`, or the same content with another result). */
  readonly replayed: number;
  readonly rejected: number;
  /** duplicate, missing and superseded attempts. */
  readonly skipped: number;
  readonly rowsIn: number;
  readonly rowsValid: number;
  readonly rowsQuarantined: number;
}

export interface QuarantineReason {
  readonly feed: string;
  readonly rule: string;
  readonly column: string | null;
  readonly rows: number;
  readonly example: string | null;
}

export interface Freshness {
  readonly feed: string;
  readonly cadence: string;
  readonly lastIngest: string | null;
  readonly ageHours: number | null;
  readonly warnAfterHours: number | null;
  readonly errorAfterHours: number | null;
  readonly status: 'fresh' | 'warn' | 'stale' | 'never' | 'no rule';
}

export interface BuildSummary {
  readonly generatedAt: string;
  readonly elapsedSeconds: number;
  readonly models: Record<string, number>;
  readonly tests: Record<string, number>;
  /** Tests and models that did not pass or succeed. */
  readonly problems: { readonly id: string; readonly status: string; readonly message: string | null }[];
}

export interface QualityReport {
  readonly from: string | null;
  readonly to: string | null;
  readonly days: readonly FeedDay[];
  readonly reasons: readonly QuarantineReason[];
  readonly freshness: readonly Freshness[];
  readonly build: BuildSummary | null;
}

/** One ingest attempt, as much of the audit log as the page needs. */
export interface AuditAttempt {
  readonly ingestId: string;
  readonly feed: string;
  /** UTC day the attempt started. */
  readonly day: string;
  readonly startedAt: string;
  readonly outcome: string;
  readonly rowsIn: number;
  readonly rowsValid: number;
  readonly rowsRejected: number;
}

/**
 * The audit log in one read. Until `opslake compact` it is one small Parquet file per attempt
 * (13,613 for the demo's year), so every scan costs seconds; the server reads it once and again
 * only when it changes.
 */
const AUDIT_SQL = `
select ingest_id, coalesce(feed_id, '') as feed, cast(started_at as date) as day, started_at, outcome,
       rows_in, rows_valid, rows_rejected
from stg_opslake__ingest_files`;

/** Quarantined rows counted per attempt and reason; the window is applied through the audit. */
const REASONS_SQL = `
select feed, ingest_id, rule, "column", count(*) as n, min(message) as example
from read_json(?, format = 'newline_delimited', columns = ${QUARANTINE_JSON_COLUMNS})
group by all`;

/** Attempts that published nothing and rejected nothing: the outcomes the page counts as skipped. */
const PUBLISHED: ReadonlySet<string> = new Set<IngestOutcome>(PUBLISHED_OUTCOMES);
const SKIPPED: ReadonlySet<string> = new Set<IngestOutcome>(
  INGEST_OUTCOMES.filter((o) => !PUBLISHED.has(o) && o !== 'rejected'),
);
/** The outcome checked against the audit's one list, so a renamed outcome fails to compile here. */
const hasOutcome = (a: AuditAttempt, outcome: IngestOutcome): boolean => a.outcome === outcome;

export async function loadAudit(engine: QueryEngine): Promise<AuditAttempt[]> {
  const rows = await queryObjects(engine, AUDIT_SQL);
  return rows.map((r) => ({
    ingestId: String(r.ingest_id),
    feed: String(r.feed),
    day: String(r.day),
    startedAt: String(r.started_at),
    outcome: String(r.outcome),
    rowsIn: toNumber(r.rows_in),
    rowsValid: toNumber(r.rows_valid),
    rowsRejected: toNumber(r.rows_rejected),
  }));
}

function feedDays(audit: readonly AuditAttempt[], from: string, to: string): FeedDay[] {
  const groups = new Map<string, FeedDay>();
  for (const a of audit) {
    if (a.day < from || a.day > to) continue;
    const key = `${a.day}|${a.feed}`;
    const g = groups.get(key) ?? {
      feed: a.feed,
      day: a.day,
      files: 0,
      loaded: 0,
      partial: 0,
      replayed: 0,
      rejected: 0,
      skipped: 0,
      rowsIn: 0,
      rowsValid: 0,
      rowsQuarantined: 0,
    };
    groups.set(key, {
      ...g,
      files: g.files + 1,
      loaded: g.loaded + (hasOutcome(a, 'loaded') ? 1 : 0),
      partial: g.partial + (hasOutcome(a, 'partial') ? 1 : 0),
      replayed: g.replayed + (hasOutcome(a, 'replayed') ? 1 : 0),
      rejected: g.rejected + (hasOutcome(a, 'rejected') ? 1 : 0),
      skipped: g.skipped + (SKIPPED.has(a.outcome) ? 1 : 0),
      rowsIn: g.rowsIn + a.rowsIn,
      rowsValid: g.rowsValid + a.rowsValid,
      rowsQuarantined: g.rowsQuarantined + a.rowsRejected,
    });
  }
  return [...groups.values()].sort((x, y) => (x.day === y.day ? x.feed.localeCompare(y.feed) : x.day < y.day ? 1 : -1));
}

async function quarantineReasons(
  engine: QueryEngine,
  quarantineDir: string,
  attemptsInWindow: ReadonlySet<string>,
): Promise<QuarantineReason[]> {
  if (!hasQuarantinedRows(quarantineDir)) return [];
  const rows = await queryObjects(engine, REASONS_SQL, [join(quarantineDir, 'rows', '**', '*.ndjson')]);
  const sums = new Map<string, QuarantineReason>();
  for (const r of rows) {
    if (!attemptsInWindow.has(String(r.ingest_id))) continue;
    const column = r.column === null ? null : String(r.column);
    const key = `${r.feed}|${r.rule}|${column}`;
    const before = sums.get(key);
    sums.set(key, {
      feed: String(r.feed),
      rule: String(r.rule),
      column,
      rows: (before?.rows ?? 0) + toNumber(r.n),
      example: before?.example ?? (r.example === null ? null : String(r.example)),
    });
  }
  const byFeed = new Map<string, QuarantineReason[]>();
  for (const reason of sums.values()) byFeed.set(reason.feed, [...(byFeed.get(reason.feed) ?? []), reason]);
  return [...byFeed.keys()]
    .sort()
    .flatMap((feed) =>
      (byFeed.get(feed) ?? []).sort((a, b) => b.rows - a.rows || a.rule.localeCompare(b.rule)).slice(0, TOP_REASONS),
    );
}

const toNumber = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

function hasQuarantinedRows(dir: string): boolean {
  const rows = join(dir, 'rows');
  if (!existsSync(rows)) return false;
  return readdirSync(rows, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.ndjson'));
}

export function freshnessOf(cadence: string, lastIngest: string | null, now: Date): Freshness['status'] {
  const rule = FRESHNESS[cadence as keyof typeof FRESHNESS];
  if (!rule) return 'no rule';
  if (!lastIngest) return 'never';
  const age = (now.getTime() - Date.parse(lastIngest)) / HOUR_MS;
  if (age > rule.error_after.count * PERIOD_HOURS[rule.error_after.period]) return 'stale';
  if (age > rule.warn_after.count * PERIOD_HOURS[rule.warn_after.period]) return 'warn';
  return 'fresh';
}

function freshness(audit: readonly AuditAttempt[], now: Date): Freshness[] {
  const last = new Map<string, string>();
  for (const a of audit) {
    if (!PUBLISHED.has(a.outcome)) continue;
    const seen = last.get(a.feed);
    if (!seen || a.startedAt > seen) last.set(a.feed, a.startedAt);
  }
  const hours = (p: { count: number; period: 'hour' | 'day' } | undefined) =>
    p ? p.count * PERIOD_HOURS[p.period] : null;
  return contracts.map((contract) => {
    const lastIngest = last.get(contract.id) ?? null;
    const rule = FRESHNESS[contract.cadence];
    return {
      feed: contract.id,
      cadence: contract.cadence,
      lastIngest,
      ageHours: lastIngest === null ? null : (now.getTime() - Date.parse(lastIngest)) / HOUR_MS,
      warnAfterHours: hours(rule?.warn_after),
      errorAfterHours: hours(rule?.error_after),
      status: freshnessOf(contract.cadence, lastIngest, now),
    };
  });
}

interface RunResults {
  metadata: { generated_at: string };
  elapsed_time: number;
  results: { unique_id: string; status: string; message: string | null }[];
}

const PASSING = new Set(['pass', 'success', 'no-op', 'skipped']);

export function buildSummary(dbtTargetDir: string): BuildSummary | null {
  const path = join(dbtTargetDir, 'run_results.json');
  if (!existsSync(path)) return null;
  const run = JSON.parse(readFileSync(path, 'utf8')) as RunResults;
  const models: Record<string, number> = {};
  const tests: Record<string, number> = {};
  for (const r of run.results) {
    const kind = r.unique_id.split('.')[0];
    const counts = kind === 'test' ? tests : kind === 'model' ? models : null;
    if (counts) counts[r.status] = (counts[r.status] ?? 0) + 1;
  }
  return {
    generatedAt: run.metadata.generated_at,
    elapsedSeconds: run.elapsed_time,
    models,
    tests,
    problems: run.results
      .filter((r) => !PASSING.has(r.status))
      .map((r) => ({ id: r.unique_id, status: r.status, message: r.message })),
  };
}

export interface QualityRequest {
  readonly from?: string;
  readonly to?: string;
  readonly now?: Date;
}

/** The quality report over ingest days from..to (default: the last 14 days with an ingest). */
export async function qualityReport(
  engine: QueryEngine,
  sources: QualitySources,
  audit: readonly AuditAttempt[],
  request: QualityRequest = {},
): Promise<QualityReport> {
  const latest = audit.reduce<string | null>((max, a) => (max === null || a.day > max ? a.day : max), null);
  const to = request.to ?? latest;
  const from = request.from ?? (to ? addDays(to, -(QUALITY_DEFAULT_DAYS - 1)) : null);
  const inWindow = from && to ? audit.filter((a) => a.day >= from && a.day <= to) : [];
  return {
    from,
    to,
    days: from && to ? feedDays(audit, from, to) : [],
    reasons: await quarantineReasons(engine, sources.quarantineDir, new Set(inWindow.map((a) => a.ingestId))),
    freshness: freshness(audit, request.now ?? new Date()),
    build: buildSummary(sources.dbtTargetDir),
  };
}
