/**
 * The ingest audit log: one record per file attempt, stored as a lake table
 * (`audit/ingest_files/dt=<day>/<ingest_id>.parquet`) so data quality is queryable like any fact.
 * `opslake compact` later merges a day's files into one (audit-compaction.ts).
 */

import type * as arrow from 'apache-arrow';
import { AUDIT_COLUMNS, type IngestOutcome } from '../../schemas/audit.js';
import type { ColumnSpec } from '../../schemas/contract.js';
import { auditRecordKey } from '../../schemas/lake-layout.js';
import { utcDayOfMicros } from '../../schemas/values.js';
import { BatchBuilder } from './arrow-batch.js';
import { schemaOf } from './arrow-schema.js';
import { toParquet } from './parquet/writer.js';
import type { ObjectStore } from './storage/port.js';

export interface AuditRecord {
  readonly ingest_id: string;
  readonly source_key: string;
  readonly feed: string | null;
  readonly contract_version: string | null;
  readonly bytes: number;
  readonly content_hash: string | null;
  readonly rows_in: number;
  readonly rows_valid: number;
  readonly rows_rejected: number;
  readonly outcome: IngestOutcome;
  readonly reason: string | null;
  /** The attempt this one re-ran (a replay), or null. */
  readonly replay_of: string | null;
  readonly warnings: string | null;
  readonly output_files: number;
  /** Epoch microseconds. */
  readonly started_at: number;
  readonly duration_ms: number;
}

export const AUDIT_COLUMN_LIST = Object.entries(AUDIT_COLUMNS) as [string, ColumnSpec][];
/** The key-value metadata every audit file carries: how the compactor tells opslake's files. */
export const AUDIT_TABLE_METADATA = ['opslake.table', 'audit.ingest_files'] as const;
export const auditSchema = schemaOf(AUDIT_COLUMN_LIST, new Map([AUDIT_TABLE_METADATA]));

export function auditKey(record: AuditRecord): string {
  return auditRecordKey(utcDayOfMicros(record.started_at), record.ingest_id);
}

/** Audit records as one Parquet file, in the order given: the writer and the compactor share it. */
export function encodeAudit(records: readonly AuditRecord[]): Uint8Array {
  const builder = new BatchBuilder(AUDIT_COLUMN_LIST, auditSchema, Math.max(1, records.length));
  const batches: arrow.RecordBatch[] = [];
  for (const record of records) {
    const batch = builder.push(record as unknown as Record<string, string | number | null>);
    if (batch) batches.push(batch);
  }
  const rest = builder.flush();
  if (rest) batches.push(rest);
  if (batches.length === 0) throw new Error('audit batch not produced');
  return toParquet(auditSchema, batches);
}

export async function writeAudit(lake: ObjectStore, key: string, record: AuditRecord): Promise<void> {
  await lake.write(key, encodeAudit([record]));
}

/** The settle hook of the ledger (ledger.ts): writes a committed version's audit record. */
export const auditWriter = (lake: ObjectStore) => ({
  writeAudit: (record: AuditRecord) => writeAudit(lake, auditKey(record), record),
});
