/**
 * `opslake status`: what a workspace holds — each feed's last ingest, freshness and quarantined
 * rows (from the audit log in the lake, read directly so it works before any build), the last
 * build and its test results (dbt's run_results.json), a build running now (the build lock), and
 * the warehouse file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type IngestOutcome, PUBLISHED_OUTCOMES } from '../../schemas/audit.js';
import { contracts } from '../../schemas/index.js';
import { AUDIT_PREFIX } from '../../schemas/lake-layout.js';
import { type BuildSummary, buildSummary, freshnessOf } from '../kpis/quality.js';
import { queryObjects } from '../query/engine.js';
import { type BuildLockHolder, buildLockHolder } from './build-lock.js';
import type { Workspace } from './workspace.js';

export interface FeedStatus {
  readonly feed: string;
  readonly cadence: string;
  /** The latest attempt that published rows (loaded, partial or replayed), ISO UTC. */
  readonly lastIngest: string | null;
  readonly freshness: ReturnType<typeof freshnessOf>;
  /** Every attempt in the audit log, re-deliveries included. */
  readonly attempts: number;
  /** Files whose latest word is a rejection whole. */
  readonly filesRejected: number;
  /** Rows in the lake: each file's version that stands, not every attempt's. */
  readonly rowsValid: number;
  /** Quarantined rows of the versions that stand, plus the rows of files rejected whole. */
  readonly rowsQuarantined: number;
}

export interface WorkspaceStatus {
  readonly home: string;
  readonly feeds: readonly FeedStatus[];
  /** Attempts whose file named no known feed. */
  readonly unknownFeedAttempts: number;
  readonly lastBuild: BuildSummary | null;
  readonly buildRunning: BuildLockHolder | null;
  readonly warehouse: { readonly path: string; readonly bytes: number; readonly modifiedAt: string } | null;
}

const quoted = (outcomes: readonly string[]) => outcomes.map((o) => `'${o}'`).join(', ');
const REJECTED: IngestOutcome = 'rejected';

/**
 * Per feed: every attempt counted, but rows as they stand — each key's latest published version
 * (the rows in the lake and its quarantined rows), plus the rows of a file whose latest word is a
 * rejection whole. A re-delivery (duplicate) or a replay is not counted twice; the version a replay
 * or correction replaced no longer counts. distinct: an interrupted compaction can leave a record
 * in two files (core/audit-compaction.ts).
 */
const AUDIT_SQL = `
with attempts as (
  select distinct * from read_parquet(?, union_by_name = true)
),
deciding as (
  select *,
         row_number() over (partition by source_key order by started_at desc, ingest_id desc) as recency,
         row_number() over (partition by source_key, outcome = '${REJECTED}' order by started_at desc, ingest_id desc) as recency_of_kind
  from attempts
  where outcome in (${quoted([...PUBLISHED_OUTCOMES, REJECTED])})
),
standing as (
  select coalesce(feed, '') as feed,
         count(*) filter (where outcome = '${REJECTED}' and recency = 1) as files_rejected,
         coalesce(sum(rows_valid) filter (where outcome <> '${REJECTED}' and recency_of_kind = 1), 0) as rows_valid,
         coalesce(sum(rows_rejected) filter (where outcome <> '${REJECTED}' and recency_of_kind = 1), 0)
           + coalesce(sum(rows_in) filter (where outcome = '${REJECTED}' and recency = 1), 0) as rows_quarantined
  from deciding
  group by all
),
per_feed as (
  select coalesce(feed, '') as feed, count(*) as attempts,
         strftime(max(started_at) filter (where outcome in (${quoted(PUBLISHED_OUTCOMES)})), '%Y-%m-%dT%H:%M:%SZ') as last_ingest
  from attempts
  group by all
)
select p.feed, p.attempts, coalesce(s.files_rejected, 0) as files_rejected, coalesce(s.rows_valid, 0) as rows_valid,
       coalesce(s.rows_quarantined, 0) as rows_quarantined, p.last_ingest
from per_feed p left join standing s using (feed)`;

interface AuditRow {
  feed: string;
  attempts: number;
  files_rejected: number;
  rows_valid: number;
  rows_quarantined: number;
  last_ingest: string | null;
}

function hasParquet(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.parquet'));
}

/** The audit log summed per feed; an in-memory DuckDB reads its Parquet files where they lie. */
async function auditByFeed(ws: Workspace): Promise<Map<string, AuditRow>> {
  const dir = join(ws.lakeDir, ...AUDIT_PREFIX.split('/').filter(Boolean));
  if (!hasParquet(dir)) return new Map();
  const { DuckDBEngine } = await import('../query/duckdb-engine.js');
  const engine = await DuckDBEngine.open(':memory:');
  try {
    const rows = await queryObjects(engine, AUDIT_SQL, [join(dir, '**', '*.parquet')]);
    return new Map(
      rows.map((r) => [
        String(r.feed),
        {
          feed: String(r.feed),
          attempts: Number(r.attempts),
          files_rejected: Number(r.files_rejected),
          rows_valid: Number(r.rows_valid),
          rows_quarantined: Number(r.rows_quarantined),
          last_ingest: r.last_ingest === null ? null : String(r.last_ingest),
        },
      ]),
    );
  } finally {
    await engine.close();
  }
}

export async function workspaceStatus(ws: Workspace, now = new Date()): Promise<WorkspaceStatus> {
  const audit = await auditByFeed(ws);
  const feeds = contracts.map((contract): FeedStatus => {
    const row = audit.get(contract.id);
    const lastIngest = row?.last_ingest ?? null;
    return {
      feed: contract.id,
      cadence: contract.cadence,
      lastIngest,
      freshness: freshnessOf(contract.cadence, lastIngest, now),
      attempts: row?.attempts ?? 0,
      filesRejected: row?.files_rejected ?? 0,
      rowsValid: row?.rows_valid ?? 0,
      rowsQuarantined: row?.rows_quarantined ?? 0,
    };
  });
  const known = new Set(contracts.map((c) => c.id));
  const unknownFeedAttempts = [...audit.values()].filter((r) => !known.has(r.feed)).reduce((n, r) => n + r.attempts, 0);
  const file = existsSync(ws.warehouse) ? statSync(ws.warehouse) : null;
  return {
    home: ws.home,
    feeds,
    unknownFeedAttempts,
    lastBuild: buildSummary(ws.dbtTarget),
    buildRunning: await buildLockHolder(ws.home),
    warehouse: file ? { path: ws.warehouse, bytes: file.size, modifiedAt: file.mtime.toISOString() } : null,
  };
}
