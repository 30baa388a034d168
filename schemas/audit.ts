/**
 * The ingest audit table: one record per file attempt. Declared here, beside the feed contracts,
 * because the same columns make the writer's Arrow schema (functions/core/audit.ts), the Glue
 * table (infra), the dbt source and the data dictionary.
 */
import { type ColumnSpec, col } from './contract.js';

/** Where the audit writer puts its records in the lake (schemas/lake-layout.ts). */
export { AUDIT_PREFIX } from './lake-layout.js';
/** The Glue / Athena table name of the audit table. */
export const AUDIT_TABLE_NAME = 'audit_ingest_files';

/**
 * What became of one file attempt: the one list the audit column, the ingest's types, the metrics
 * and the reports read.
 */
export const INGEST_OUTCOMES = [
  'loaded',
  'partial',
  'replayed',
  'rejected',
  'duplicate',
  'missing',
  'superseded',
] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

/**
 * The outcomes of an attempt that published a version: its rows now stand in the lake (and its
 * rejected rows in quarantine) in place of any earlier version of the key.
 */
export const PUBLISHED_OUTCOMES = ['loaded', 'partial', 'replayed'] as const satisfies readonly IngestOutcome[];

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
    'loaded, partial (some rows quarantined), replayed (a file published or rejected before, run again with another result: rows_rejected says what is still quarantined), rejected (whole file), duplicate, missing, superseded (an older version of a key whose newer version was already ingested: nothing published)',
    INGEST_OUTCOMES,
  ),
  reason: col.string('Why the file was rejected or skipped', { required: false }),
  replay_of: col.string(
    'For a replay (opslake replay, or the same content again with another result): the ingest_id of the attempt it re-ran',
    {
      required: false,
    },
  ),
  warnings: col.string('Non-fatal findings, such as dropped extra columns', { required: false }),
  output_files: col.integer('Parquet files published to the lake', { unit: 'files' }),
  started_at: col.timestamp('When the ingest attempt started'),
  duration_ms: col.integer('Wall time of the attempt', { unit: 'ms' }),
} satisfies Record<string, ColumnSpec>;
