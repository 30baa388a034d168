/**
 * The report's data-quality facts for a month, from what opslake itself records:
 * - the ingest audit (`stg_opslake__ingest_files`, one row per file attempt): files and rows in /
 *   loaded / quarantined per feed. A file belongs to the month its landing key names
 *   (`S1_2025-03-04.csv`, `S1_2025-03.csv`), else the month it was ingested in;
 * - the quarantine (rejected rows with file, row, column and rule): the top rejection reasons;
 * - the lake's partitions (`site=…/dt=…`) against each feed's cadence: per site, the days of the
 *   month a daily feed has data for, and whether a monthly feed arrived;
 * - dbt's run_results.json: tests that failed or warned in the last build.
 * Everything goes through the query engine or the storage port, so it reads the same in AWS.
 */
import { contracts, type FeedContract } from '../../schemas/index.js';
import { QUARANTINE_ROWS_PREFIX, rawTablePrefix } from '../../schemas/lake-layout.js';
import type { ObjectStore } from '../core/storage/port.js';
import { type QueryEngine, queryObjects } from '../query/engine.js';
import { lastDayOf, shiftMonth } from './month.js';

export interface FeedLoad {
  readonly feed: string;
  readonly files: number;
  readonly rowsIn: number;
  readonly rowsLoaded: number;
  readonly rowsQuarantined: number;
  /** Files by outcome other than loaded (partial, rejected, duplicate, …). */
  readonly problems: Readonly<Record<string, number>>;
}

export interface RejectionReason {
  readonly feed: string;
  readonly column: string | null;
  readonly rule: string;
  readonly rows: number;
  readonly example: string;
}

export interface FeedCoverage {
  readonly feed: string;
  readonly cadence: FeedContract['cadence'];
  readonly siteId: string;
  /** Days of the month with data (daily feeds); 1 or 0 for a monthly feed. */
  readonly daysWithData: number;
  readonly daysExpected: number;
  /** Last day with data in the month, YYYY-MM-DD; null when none. */
  readonly lastDay: string | null;
  /**
   * missing: nothing for the month; late: the data stops before the month's last days; sporadic:
   * a daily feed with data on fewer than half the days of this month and of the month before
   * (returns, safety incidents), so a day without data is no finding.
   */
  readonly finding: 'ok' | 'missing' | 'late' | 'sporadic';
}

export interface TestFinding {
  readonly test: string;
  readonly status: 'fail' | 'warn' | 'error';
  readonly failures: number | null;
  readonly message: string | null;
}

export interface DataQuality {
  readonly month: string;
  readonly feeds: readonly FeedLoad[];
  readonly rejections: readonly RejectionReason[];
  readonly coverage: readonly FeedCoverage[];
  /** null when no run_results.json was given. */
  readonly tests: readonly TestFinding[] | null;
  readonly testsRun: number | null;
  /** Sites with a missing or late feed, or quarantined rows, this month. */
  readonly incompleteSites: ReadonlySet<string>;
}

export interface QualitySources {
  readonly engine: QueryEngine;
  readonly lake: ObjectStore;
  readonly quarantine: ObjectStore;
  /** The text of dbt's run_results.json, when there is one. */
  readonly runResults?: string | null;
  readonly sites: readonly string[];
}

/** Days before the month's end a daily feed may stop without being called late (a quiet weekend). */
const LATE_AFTER_DAYS = 2;
/** A daily feed with data on fewer days than this share, this month and the month before, is sporadic. */
const REGULAR_SHARE = 0.5;
const TOP_REJECTIONS = 10;
const KEY_MONTH = /(\d{4}-\d{2})(?:-\d{2})?(?![\d])/;

interface AuditRow extends Record<string, string | number | bigint | null> {
  ingest_id: string;
  source_key: string;
  feed_id: string | null;
  rows_in: number | bigint;
  rows_valid: number | bigint;
  rows_rejected: number | bigint;
  outcome: string;
  started_at: string;
}

/** The month a landing file is about: the date its name carries, else when it was ingested. */
export function fileMonth(sourceKey: string, startedAt: string): string {
  const name = sourceKey.slice(sourceKey.lastIndexOf('/') + 1);
  return KEY_MONTH.exec(name)?.[1] ?? startedAt.slice(0, 7);
}

async function feedLoads(engine: QueryEngine, month: string): Promise<{ loads: FeedLoad[]; ingestIds: Set<string> }> {
  const rows = await queryObjects<AuditRow>(
    engine,
    `select ingest_id, source_key, feed_id, rows_in, rows_valid, rows_rejected, outcome, started_at
     from stg_opslake__ingest_files`,
  );
  const byFeed = new Map<
    string,
    { files: number; rowsIn: number; loaded: number; quarantined: number; problems: Record<string, number> }
  >();
  const ingestIds = new Set<string>();
  for (const r of rows) {
    if (fileMonth(r.source_key, r.started_at) !== month) continue;
    ingestIds.add(r.ingest_id);
    const feed = r.feed_id ?? '(unknown feed)';
    const acc = byFeed.get(feed) ?? { files: 0, rowsIn: 0, loaded: 0, quarantined: 0, problems: {} };
    acc.files++;
    acc.rowsIn += Number(r.rows_in);
    acc.loaded += Number(r.rows_valid);
    acc.quarantined += Number(r.rows_rejected);
    if (r.outcome !== 'loaded') acc.problems[r.outcome] = (acc.problems[r.outcome] ?? 0) + 1;
    byFeed.set(feed, acc);
  }
  const loads = [...byFeed]
    .map(([feed, a]) => ({
      feed,
      files: a.files,
      rowsIn: a.rowsIn,
      rowsLoaded: a.loaded,
      rowsQuarantined: a.quarantined,
      problems: a.problems,
    }))
    .sort((a, b) => a.feed.localeCompare(b.feed));
  return { loads, ingestIds };
}

async function* lines(store: ObjectStore, key: string): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let carry = '';
  for await (const chunk of store.read(key)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    carry = parts.pop() ?? '';
    yield* parts;
  }
  if (carry) yield carry;
}

async function rejectionReasons(quarantine: ObjectStore, ingestIds: Set<string>): Promise<RejectionReason[]> {
  const counts = new Map<string, RejectionReason & { rows: number }>();
  for await (const object of quarantine.list(QUARANTINE_ROWS_PREFIX)) {
    if (!object.key.endsWith('.ndjson')) continue;
    for await (const line of lines(quarantine, object.key)) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as {
        feed: string;
        ingest_id: string;
        column: string | null;
        rule: string;
        message: string;
        file: string;
        row: number;
      };
      if (!ingestIds.has(r.ingest_id)) continue;
      const key = `${r.feed}\u0000${r.column ?? ''}\u0000${r.rule}`;
      const seen = counts.get(key);
      if (seen) seen.rows++;
      else
        counts.set(key, {
          feed: r.feed,
          column: r.column,
          rule: r.rule,
          rows: 1,
          example: `${r.file} row ${r.row}: ${r.message}`,
        });
    }
  }
  return [...counts.values()].sort((a, b) => b.rows - a.rows || a.feed.localeCompare(b.feed)).slice(0, TOP_REJECTIONS);
}

const PARTITION_DAY = /\/dt=(\d{4}-\d{2}-\d{2})\//;

/**
 * The days with data of a feed at a site in the given months, from one listing: the months'
 * common key prefix (`dt=2025-1` for November and December) narrows it, and listing once per site
 * instead of once per month halves the directory walks, which dominate on a local lake.
 */
async function partitionDays(
  lake: ObjectStore,
  contract: FeedContract,
  site: string,
  months: readonly string[],
): Promise<Map<string, Set<string>>> {
  const byMonth = new Map(months.map((m) => [m, new Set<string>()]));
  let common = months[0] ?? '';
  for (const m of months) while (!m.startsWith(common)) common = common.slice(0, -1);
  const prefix = `${rawTablePrefix(contract)}site=${encodeURIComponent(site)}/dt=${common}`;
  for await (const object of lake.list(prefix)) {
    const day = PARTITION_DAY.exec(object.key)?.[1];
    if (day) byMonth.get(day.slice(0, 7))?.add(day);
  }
  return byMonth;
}

/**
 * A daily feed is regular when it had data on at least half the days of this month or the month
 * before; otherwise it is sporadic (returns, safety incidents), where a quiet day is no finding —
 * judging by the month before alone would call a month's one incident "late" after a quiet month.
 */
export function coverageFinding(input: {
  readonly daily: boolean;
  readonly days: ReadonlySet<string>;
  readonly daysInMonth: number;
  readonly previousShare: number;
  readonly lateBefore: string;
}): FeedCoverage['finding'] {
  const { daily, days } = input;
  if (!daily) return days.size > 0 ? 'ok' : 'missing';
  const regular = input.previousShare >= REGULAR_SHARE || days.size / input.daysInMonth >= REGULAR_SHARE;
  if (!regular) return 'sporadic';
  if (days.size === 0) return 'missing';
  const lastDay = [...days].sort().at(-1) ?? '';
  return lastDay < input.lateBefore ? 'late' : 'ok';
}

async function feedCoverage(lake: ObjectStore, sites: readonly string[], month: string): Promise<FeedCoverage[]> {
  const coverage: FeedCoverage[] = [];
  const daysInMonth = Number(lastDayOf(month).slice(8));
  const previous = shiftMonth(month, -1);
  const daysInPrevious = Number(lastDayOf(previous).slice(8));
  const lateBefore = `${month}-${String(daysInMonth - LATE_AFTER_DAYS).padStart(2, '0')}`;
  for (const contract of contracts) {
    if (contract.cadence === 'snapshot' || contract.system === 'reference') continue;
    const daily = contract.cadence === 'daily';
    for (const site of sites) {
      const found = await partitionDays(lake, contract, site, daily ? [month, previous] : [month]);
      const days = found.get(month) ?? new Set<string>();
      const previousShare = daily ? (found.get(previous)?.size ?? 0) / daysInPrevious : 1;
      coverage.push({
        feed: contract.id,
        cadence: contract.cadence,
        siteId: site,
        daysWithData: daily ? days.size : Math.min(days.size, 1),
        daysExpected: daily ? daysInMonth : 1,
        lastDay: [...days].sort().at(-1) ?? null,
        finding: coverageFinding({ daily, days, daysInMonth, previousShare, lateBefore }),
      });
    }
  }
  return coverage;
}

/** Failed, warning and erroring dbt tests of the last build. */
export function testFindings(runResults: string): { findings: TestFinding[]; testsRun: number } {
  const parsed = JSON.parse(runResults) as {
    results: { unique_id: string; status: string; failures: number | null; message: string | null }[];
  };
  const tests = parsed.results.filter((r) => r.unique_id.startsWith('test.'));
  const findings = tests
    .filter((r): r is typeof r & { status: TestFinding['status'] } => ['fail', 'warn', 'error'].includes(r.status))
    .map((r) => ({
      test: r.unique_id.replace(/^test\.[^.]+\./, ''),
      status: r.status,
      failures: r.failures,
      message: r.message,
    }));
  return { findings, testsRun: tests.length };
}

export async function loadDataQuality(sources: QualitySources, month: string): Promise<DataQuality> {
  const { loads, ingestIds } = await feedLoads(sources.engine, month);
  const rejections = await rejectionReasons(sources.quarantine, ingestIds);
  const coverage = await feedCoverage(sources.lake, sources.sites, month);
  const tests = sources.runResults ? testFindings(sources.runResults) : null;
  const incompleteSites = new Set(
    coverage.filter((c) => c.finding === 'missing' || c.finding === 'late').map((c) => c.siteId),
  );
  return {
    month,
    feeds: loads,
    rejections,
    coverage,
    tests: tests?.findings ?? null,
    testsRun: tests?.testsRun ?? null,
    incompleteSites,
  };
}
