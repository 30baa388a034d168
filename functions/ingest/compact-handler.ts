/**
 * The scheduled compaction (an EventBridge rule → this Lambda, infra/constructs/lake-compaction.ts),
 * the same two steps as `opslake compact` on a workspace:
 * - the lake's data (core/partition-compaction.ts): each partition's ingest outputs merged into one
 *   compacted file owned by its compaction entry, so Athena and dbt open a file per partition
 *   instead of one per delivery;
 * - the audit log (core/audit-compaction.ts): each day's audit files — one per ingest attempt —
 *   merged into one, for Athena's audit table, dbt's tests on it and the status views.
 *
 * Safe beside a running ingest and when re-run or killed: a partition whose source is being
 * published or replaced is left for the next run, a dead round's intent is rolled back by the next
 * one, and until a round settles its rows are in two files, identical, which readers count once
 * (docs/ingest.md, "Compacting the audit log" and "Compacting the lake").
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type AuditCompaction, compactAudit } from '../core/audit-compaction.js';
import { compactLake, type LakeCompaction } from '../core/partition-compaction.js';
import type { ObjectStore } from '../core/storage/port.js';
import { S3ObjectStore } from '../core/storage/s3.js';
import { requiredEnv, s3ClientFromEnvironment } from './environment.js';

export const COMPACTION_SERVICE_NAME = 'opslake-compaction';

/** What the data compaction did, logged as one line. */
export interface LakeCompactionSummary {
  readonly partitionsCompacted: number;
  /** Data files under raw/ before and after the run. */
  readonly filesBefore: number;
  readonly filesAfter: number;
  /** Partitions another round held (a live compaction or a correction's release): the next run. */
  readonly partitionsBusy: number;
  /** Partitions whose sources kept changing under the run's rounds: the next run. */
  readonly partitionsConflict: number;
  /** Ingest outputs left as they are (a source being replaced, another schema, too large). */
  readonly filesSkipped: number;
}

/** What the audit compaction did, logged as one line. */
export interface AuditCompactionSummary {
  readonly daysCompacted: number;
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly filesDeleted: number;
  readonly records: number;
  /** Files under the audit prefix that are not opslake's: never read or deleted. */
  readonly filesSkipped: number;
}

/** What one run did, returned to the invoker. */
export interface CompactionSummary {
  readonly lake: LakeCompactionSummary;
  readonly audit: AuditCompactionSummary;
}

export function summariseLake(result: LakeCompaction): LakeCompactionSummary {
  const count = (outcome: LakeCompaction['partitions'][number]['outcome']) =>
    result.partitions.filter((p) => p.outcome === outcome).length;
  return {
    partitionsCompacted: count('compacted'),
    filesBefore: result.filesBefore,
    filesAfter: result.filesAfter,
    partitionsBusy: count('busy'),
    partitionsConflict: count('conflict'),
    filesSkipped: result.skipped.length,
  };
}

export function summariseAudit(result: AuditCompaction): AuditCompactionSummary {
  const changed = result.days.filter((day) => day.target !== null);
  const sum = (field: 'filesBefore' | 'filesAfter' | 'deleted' | 'records') =>
    result.days.reduce((total, day) => total + day[field], 0);
  return {
    daysCompacted: changed.length,
    filesBefore: sum('filesBefore'),
    filesAfter: sum('filesAfter'),
    filesDeleted: sum('deleted'),
    records: sum('records'),
    filesSkipped: result.skipped.length,
  };
}

/** Skipped data files named in the log, at most; a whole feed being re-delivered would flood it. */
const SKIPPED_LOGGED = 10;

/**
 * The handler's body with its lake and logger passed in, for tests: the data first, then the audit
 * log (as `opslake compact`). A failure in either is thrown — the errors alarm tells, and the next
 * scheduled run redoes what is left.
 */
export async function compactLakeAndAudit(
  lake: ObjectStore,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<CompactionSummary> {
  const data = await compactLake(lake);
  const lakeSummary = summariseLake(data);
  if (data.skipped.length > 0) {
    logger.info('lake data files left as they are', { skipped: data.skipped.slice(0, SKIPPED_LOGGED) });
  }
  logger.info('lake data compacted', { lake: lake.location, ...lakeSummary });

  const audit = await compactAudit(lake);
  const auditSummary = summariseAudit(audit);
  for (const skipped of audit.skipped) logger.warn('not an opslake audit file; left as it is', { ...skipped });
  logger.info('audit log compacted', { lake: lake.location, ...auditSummary });
  return { lake: lakeSummary, audit: auditSummary };
}

const logger = new Logger({ serviceName: COMPACTION_SERVICE_NAME });
let lake: ObjectStore | undefined;

export async function handler(_event: unknown, context: Context): Promise<CompactionSummary> {
  logger.addContext(context);
  lake ??= new S3ObjectStore(s3ClientFromEnvironment(), requiredEnv('LAKE_BUCKET'));
  return compactLakeAndAudit(lake, logger);
}
