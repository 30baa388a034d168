/**
 * The scheduled audit compaction (an EventBridge rule → this Lambda, infra/constructs/lake-compaction.ts):
 * each day's small audit files in the lake — one per ingest attempt — are merged into one
 * (core/audit-compaction.ts), so Athena's audit table, dbt's tests on it and the status views open a
 * file per day instead of one per attempt. `opslake compact` is the same step on a workspace.
 *
 * Safe beside a running ingest and when re-run: the core deletes only files it merged, a record
 * written meanwhile waits for the next run, and a crash between the write and the deletes leaves
 * each record in two files, which readers count once (docs/ingest.md, "Compacting the audit log").
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type AuditCompaction, compactAudit } from '../core/audit-compaction.js';
import type { ObjectStore } from '../core/storage/port.js';
import { S3ObjectStore } from '../core/storage/s3.js';
import { requiredEnv, s3ClientFromEnvironment } from './environment.js';

export const AUDIT_COMPACTION_SERVICE_NAME = 'opslake-audit-compaction';

/** What one run did, logged as one line and returned to the invoker. */
export interface CompactionSummary {
  readonly daysCompacted: number;
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly filesDeleted: number;
  readonly records: number;
  /** Files under the audit prefix that are not opslake's: never read or deleted. */
  readonly filesSkipped: number;
}

export function summarise(result: AuditCompaction): CompactionSummary {
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

/** The handler's body with its lake and logger passed in, for tests. */
export async function compactAuditLog(lake: ObjectStore, logger: Logger): Promise<CompactionSummary> {
  const result = await compactAudit(lake);
  const summary = summarise(result);
  for (const skipped of result.skipped) logger.warn('not an opslake audit file; left as it is', { ...skipped });
  logger.info('audit log compacted', { lake: lake.location, ...summary });
  return summary;
}

const logger = new Logger({ serviceName: AUDIT_COMPACTION_SERVICE_NAME });
let lake: ObjectStore | undefined;

export async function handler(_event: unknown, context: Context): Promise<CompactionSummary> {
  logger.addContext(context);
  lake ??= new S3ObjectStore(s3ClientFromEnvironment(), requiredEnv('LAKE_BUCKET'));
  return compactAuditLog(lake, logger);
}
