/**
 * The ingest core: one landed feed file → validated Parquet in the lake, rejected rows in
 * quarantine, and one audit record. Shared by the Lambda handler and the `opslake ingest` CLI.
 *
 * An attempt runs four stages, each its own module under stages/: read (bytes → record tables),
 * validate (records → valid rows or rejections), stage (rows → staged parts) and publish (staged
 * parts → the version that stands, through the ledger; or the whole file → quarantine). This file
 * only wires them together and keeps the attempt's audit record.
 *
 * Guarantees:
 * - every input row ends in the lake or in quarantine with its reason (rows in = valid + rejected);
 * - output keys derive from the content hash, so re-delivering a file overwrites, never duplicates;
 * - memory is bounded whatever the file size: rows stream through in record batches and spill to
 *   staged Parquet parts (see partition-writer.ts), rejections spill to staged NDJSON parts;
 * - outputs are published whole (atomic writes), and the ledger entry that marks a file done is
 *   written last, so a crash mid-way is simply redone by the next attempt.
 */
import { randomUUID } from 'node:crypto';
import type { IngestOutcome } from '../../schemas/audit.js';
import type { FeedContract } from '../../schemas/contract.js';
import { contractFor } from '../../schemas/index.js';
import { liveAttempts, stagingPrefixOf } from './attempts.js';
import { type AuditRecord, auditWriter } from './audit.js';
import { attemptFailureKind, FileRejection } from './errors.js';
import type { VersionedEntry } from './ledger.js';
import { recoverKey } from './publish.js';
import type { RejectedRow } from './quarantine-rows.js';
import { HashingTap, type HeaderReport } from './record-source.js';
import { loadSiteTimezones } from './site-timezones.js';
import { publishStaged, quarantineWholeFile } from './stages/publish.js';
import { readRecords } from './stages/read.js';
import { StagedRows } from './stages/stage.js';
import { Validator } from './stages/validate.js';
import { type Buckets, ObjectNotFound, UnreadableObject } from './storage/port.js';

export { lakeKey } from './partition-writer.js';
export type { RejectedRow } from './quarantine-rows.js';

export interface IngestOptions {
  readonly buckets: Buckets;
  /** Key of the file in the landing bucket: `<system>/<feed>/<file>`. */
  readonly key: string;
  /**
   * IANA timezone by site id, for timestamps delivered without a UTC offset. When absent they are
   * read from the lake's `reference/sites` table.
   */
  readonly siteTimezones?: ReadonlyMap<string, string>;
  /**
   * The S3 event sequencer of the object version this ingest was triggered for. Events for one key
   * can arrive out of order and ingests can overlap; an ingest whose sequencer is older than the
   * one already recorded for the key publishes nothing (`superseded`).
   */
  readonly sequencer?: string;
  readonly now?: () => Date;
  /** Rows per Arrow record batch. */
  readonly batchRows?: number;
  /** Rows held in memory across all partitions before the largest spills to a staged part. */
  readonly bufferRows?: number;
  /** Partitions holding buffers at once before the fullest are written out (partition-writer.ts). */
  readonly maxOpenPartitions?: number;
  /** Distinct primary keys remembered exactly for the duplicate check (see duplicate-keys.ts). */
  readonly keyCapacity?: number;
  /** How many rejections `IngestResult.rejections` carries; the quarantine always holds all. */
  readonly reportLimit?: number;
  /**
   * A replay (`opslake replay`): the ingest id of the attempt whose result this one re-runs. A
   * publish is then audited `replayed` with `replay_of` naming it, even when that attempt rejected
   * the file whole (nothing of it was published); a replay of the same content is detected anyway.
   */
  readonly replayOf?: string;
}

export type { IngestOutcome as Outcome } from '../../schemas/audit.js';

export interface IngestResult extends AuditRecord {
  /** The first `reportLimit` rejections (all of them for ordinary files). */
  readonly rejections: readonly RejectedRow[];
}

/** The landing key's feed: `<system>/<feed>/<anything>`. */
export function feedOfKey(key: string): FeedContract {
  const [system, feed, ...rest] = key.split('/');
  if (!system || !feed || rest.length === 0) {
    throw new FileRejection('unknown_feed', `"${key}" is not under <system>/<feed>/; cannot tell which feed it is`);
  }
  const contract = contractFor(system, feed);
  if (!contract) throw new FileRejection('unknown_feed', `no contract for feed ${system}/${feed} (from key "${key}")`);
  return contract;
}

const hasTimestamps = (contract: FeedContract) =>
  Object.values(contract.columns).some((spec) => spec.kind === 'timestamp');

/** One attempt at a key: its identity, what it has read and counted so far, and its audit record. */
class Attempt {
  readonly ingestId: string;
  readonly stagingPrefix: string;
  readonly started: Date;
  private readonly startedMs = performance.now();
  readonly tap = new HashingTap();
  readonly warnings: string[] = [];
  readonly hooks: ReturnType<typeof auditWriter>;
  contract: FeedContract | undefined;
  staged: StagedRows | undefined;
  validator: Validator | undefined;
  /** While the file's bytes are read: errors then are the file's unless the store failed (fileRejectionOf). */
  reading = false;
  /** Set when the file is rejected whole: it loads nothing, all its rows count as rejected. */
  private rejectedWhole = false;

  constructor(
    readonly key: string,
    lake: Buckets['lake'],
    now: () => Date,
    /** The attempt this one replays (IngestOptions.replayOf), named in every record it writes. */
    private readonly replayOf: string | undefined,
  ) {
    this.started = now();
    this.ingestId = `${this.started.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
    this.stagingPrefix = stagingPrefixOf(this.ingestId);
    this.hooks = auditWriter(lake);
  }

  get rowsIn(): number {
    return this.validator?.rowsIn ?? 0;
  }

  get rowsValid(): number {
    return this.rejectedWhole ? 0 : (this.validator?.rowsValid ?? 0);
  }

  onHeader(feed: FeedContract, report: HeaderReport): void {
    if (report.extraColumns.length > 0) {
      this.warnings.push(
        `dropped column(s) not in contract ${feed.id}@${feed.version}: ${report.extraColumns.join(', ')}`,
      );
    }
  }

  auditRecord(
    outcome: IngestOutcome,
    reason: string | null,
    outputFiles: number,
    replayOf = this.replayOf,
  ): AuditRecord {
    const { tap, contract, warnings } = this;
    return {
      ingest_id: this.ingestId,
      source_key: this.key,
      feed: contract?.id ?? null,
      contract_version: contract?.version ?? null,
      bytes: tap.bytes,
      content_hash: tap.bytes > 0 || outcome !== 'missing' ? tap.hash.copy().digest('hex') : null,
      rows_in: this.rowsIn,
      rows_valid: this.rowsValid,
      rows_rejected: this.rowsIn - this.rowsValid,
      outcome,
      reason,
      replay_of: replayOf ?? null,
      warnings: warnings.length > 0 ? warnings.join('; ') : null,
      output_files: outputFiles,
      started_at: this.started.getTime() * 1000,
      duration_ms: Math.round(performance.now() - this.startedMs),
    };
  }

  /** The result of an attempt that published nothing, its audit record written. */
  async finish(outcome: IngestOutcome, reason: string | null): Promise<IngestResult> {
    const record = this.auditRecord(outcome, reason, 0);
    await this.hooks.writeAudit(record);
    return { ...record, rejections: this.staged?.reported ?? [] };
  }

  /** The result of a file rejected whole: quarantined with its reason, no row loaded. */
  async rejectWhole(buckets: Buckets, rejection: FileRejection): Promise<IngestResult> {
    await quarantineWholeFile(buckets, this.key, rejection, {
      ingest_id: this.ingestId,
      feed: this.contract?.id ?? null,
      rows_in: this.rowsIn,
    });
    this.rejectedWhole = true;
    return this.finish('rejected', `${rejection.rule}: ${rejection.message}`);
  }

  discardStaged(): Promise<void> {
    return this.staged?.discard() ?? Promise.resolve();
  }
}

export async function ingestFile(options: IngestOptions): Promise<IngestResult> {
  const { buckets, key } = options;
  const attempt = new Attempt(key, buckets.lake, options.now ?? (() => new Date()), options.replayOf);
  liveAttempts.add(attempt.ingestId);
  try {
    // An earlier attempt at this key that died mid-publish is rolled back (or finished) first.
    const { current } = await recoverKey(buckets, key, attempt.hooks);
    attempt.contract = feedOfKey(key);
    return await runStages(attempt, options, attempt.contract, current);
  } catch (caught) {
    if (caught instanceof ObjectNotFound && caught.key === key) {
      return attempt.finish('missing', `${key} was deleted before it could be read`);
    }
    const rejection = fileRejectionOf(caught, key, attempt.reading);
    if (!rejection) {
      // Best effort: staged parts are invisible to readers anyway, and the retry writes its own.
      await attempt.discardStaged().catch(() => undefined);
      throw caught;
    }
    await attempt.discardStaged();
    return attempt.rejectWhole(buckets, rejection);
  } finally {
    liveAttempts.delete(attempt.ingestId);
  }
}

/** read → validate → stage, then publish: the attempt at a file whose feed is known. */
async function runStages(
  attempt: Attempt,
  options: IngestOptions,
  feed: FeedContract,
  recovered: VersionedEntry,
): Promise<IngestResult> {
  const { buckets, key } = options;
  const timezones =
    options.siteTimezones ?? (hasTimestamps(feed) ? await loadSiteTimezones(buckets.lake) : new Map<string, string>());
  const timezoneOf = (site: string) => timezones.get(site);
  const staged = new StagedRows({
    feed,
    buckets,
    key,
    ingestId: attempt.ingestId,
    stagingPrefix: attempt.stagingPrefix,
    ingestedAt: attempt.started.getTime() * 1000,
    batchRows: options.batchRows,
    bufferRows: options.bufferRows,
    maxOpenPartitions: options.maxOpenPartitions,
    reportLimit: options.reportLimit,
  });
  attempt.staged = staged;
  const validator = new Validator({ feed, key, timezoneOf, sink: staged, keyCapacity: options.keyCapacity });
  attempt.validator = validator;

  attempt.reading = true;
  const onHeader = (report: HeaderReport) => attempt.onHeader(feed, report);
  await validator.validate(
    readRecords({ landing: buckets.landing, key, feed, timezoneOf, tap: attempt.tap, onHeader }),
  );
  for (const warning of [validator.warning(), staged.warning()]) if (warning) attempt.warnings.push(warning);
  attempt.reading = false;

  const published = await publishStaged({
    buckets,
    key,
    ingestId: attempt.ingestId,
    stagingPrefix: attempt.stagingPrefix,
    ...(options.sequencer ? { sequencer: options.sequencer } : {}),
    contentHash: attempt.tap.hash.copy().digest('hex'),
    rowsIn: validator.rowsIn,
    rowsValid: validator.rowsValid,
    rejectsDigest: staged.rejectsDigest,
    staged,
    ...(options.replayOf ? { replayOf: options.replayOf } : {}),
    auditOf: (outcome, outputFiles, replayOf) => attempt.auditRecord(outcome, null, outputFiles, replayOf),
    warn: (warnings) => attempt.warnings.push(...warnings),
    hooks: attempt.hooks,
    recovered,
  });
  if (published.outcome === 'published') return { ...published.audit, rejections: staged.reported };
  await staged.discard();
  return attempt.finish(published.outcome, published.reason);
}

/**
 * The file rejection an error thrown by an attempt amounts to, or undefined when it is an attempt
 * failure (errors.ts) to retry. While the file is being read, anything that is not the storage
 * failing is the file's doing (a parser limit, a pathological input): retrying would fail again,
 * so it is rejected and audited instead of taking the run down.
 */
function fileRejectionOf(error: unknown, key: string, reading: boolean): FileRejection | undefined {
  if (error instanceof FileRejection) return error;
  if (error instanceof UnreadableObject && error.key === key) return new FileRejection('unreadable', error.why);
  if (reading && attemptFailureKind(error) === 'bug') {
    return new FileRejection('unparseable', `reading the file failed: ${(error as Error)?.message ?? String(error)}`);
  }
  return undefined;
}
