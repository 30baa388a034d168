/**
 * The ingest audit log: one record per file attempt, stored as a lake table
 * (`audit/ingest_files/dt=<day>/<ingest_id>.parquet`) so data quality is queryable like any fact.
 */
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { utcDayOfMicros } from '../../schemas/values.js';
import { BatchBuilder, schemaOf } from './arrow-batch.js';
import { toParquet } from './parquet/writer.js';
import type { ObjectStore } from './storage/port.js';

export const AUDIT_COLUMNS = {
  ingest_id: col.string('Unique id of this ingest attempt'),
  source_key: col.string('Landing key of the file'),
  feed: col.string('Feed id <system>/<feed>; empty when the feed could not be told', { required: false }),
  contract_version: col.string('Contract version the file was validated against', { required: false }),
  bytes: col.integer('Size of the delivered file', { unit: 'bytes' }),
  content_hash: col.string('SHA-256 (hex) of the delivered bytes', { required: false }),
  rows_in: col.integer('Data rows read from the file', { unit: 'rows' }),
  rows_valid: col.integer('Rows that passed the contract and were written to the lake', { unit: 'rows' }),
  rows_rejected: col.integer('Rows sent to quarantine; rows_in = rows_valid + rows_rejected', { unit: 'rows' }),
  outcome: col.enum(
    'loaded, partial (some rows quarantined), rejected (whole file), duplicate, missing, superseded (an older version of a key whose newer version was already ingested: nothing published)',
    ['loaded', 'partial', 'rejected', 'duplicate', 'missing', 'superseded'],
  ),
  reason: col.string('Why the file was rejected or skipped', { required: false }),
  warnings: col.string('Non-fatal findings, such as dropped extra columns', { required: false }),
  output_files: col.integer('Parquet files published to the lake', { unit: 'files' }),
  started_at: col.timestamp('When the ingest attempt started'),
  duration_ms: col.integer('Wall time of the attempt', { unit: 'ms' }),
} satisfies Record<string, ColumnSpec>;

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
  readonly outcome: 'loaded' | 'partial' | 'rejected' | 'duplicate' | 'missing' | 'superseded';
  readonly reason: string | null;
  readonly warnings: string | null;
  readonly output_files: number;
  /** Epoch microseconds. */
  readonly started_at: number;
  readonly duration_ms: number;
}

const auditColumns = Object.entries(AUDIT_COLUMNS) as [string, ColumnSpec][];
const auditSchema = schemaOf(auditColumns, new Map([['opslake.table', 'audit.ingest_files']]));

export function auditKey(record: AuditRecord): string {
  return `audit/ingest_files/dt=${utcDayOfMicros(record.started_at)}/${record.ingest_id}.parquet`;
}

export async function writeAudit(lake: ObjectStore, key: string, record: AuditRecord): Promise<void> {
  const builder = new BatchBuilder(auditColumns, auditSchema, 1);
  const batch = builder.push(record as unknown as Record<string, string | number | null>);
  if (!batch) throw new Error('audit batch not produced');
  await lake.write(key, toParquet(auditSchema, [batch]));
}
