/**
 * The ingest audit log: one record per file attempt, stored as a lake table
 * (`audit/ingest_files/dt=<day>/<ingest_id>.parquet`) so data quality is queryable like any fact.
 */
import { AUDIT_COLUMNS, AUDIT_PREFIX, type IngestOutcome } from '../../schemas/audit.js';
import type { ColumnSpec } from '../../schemas/contract.js';
import { utcDayOfMicros } from '../../schemas/values.js';
import { BatchBuilder, schemaOf } from './arrow-batch.js';
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

const auditColumns = Object.entries(AUDIT_COLUMNS) as [string, ColumnSpec][];
const auditSchema = schemaOf(auditColumns, new Map([['opslake.table', 'audit.ingest_files']]));

export function auditKey(record: AuditRecord): string {
  return `${AUDIT_PREFIX}dt=${utcDayOfMicros(record.started_at)}/${record.ingest_id}.parquet`;
}

export async function writeAudit(lake: ObjectStore, key: string, record: AuditRecord): Promise<void> {
  const builder = new BatchBuilder(auditColumns, auditSchema, 1);
  const batch = builder.push(record as unknown as Record<string, string | number | null>);
  if (!batch) throw new Error('audit batch not produced');
  await lake.write(key, toParquet(auditSchema, [batch]));
}

/** The settle hook of the ledger (ledger.ts): writes a committed version's audit record. */
export const auditWriter = (lake: ObjectStore) => ({
  writeAudit: (record: AuditRecord) => writeAudit(lake, auditKey(record), record),
});
