/**
 * The quarantine's records, declared beside the feed contracts for the same reason as the audit
 * table (schemas/audit.ts): the ingest writes them (functions/core/quarantine-rows.ts), and the
 * Glue table, the dbt source and the data dictionary are generated from these columns.
 *
 * - Rejected rows: one NDJSON line per rule a row failed, in parts under
 *   `rows/<system>/<feed>/<name>.ndjson` owned by the version of the file that stands (the ledger
 *   deletes a replaced version's parts with its lake files), so the table holds current versions.
 * - Files rejected whole: a copy under `files/<landing key>` beside a note (`.reason.json`).
 */
import { type ColumnSpec, col } from './contract.js';

export { QUARANTINE_FILES_PREFIX, QUARANTINE_ROWS_PREFIX } from './lake-layout.js';

/** The Glue / Athena table name of the quarantined rows. */
export const QUARANTINE_ROWS_TABLE_NAME = 'quarantine_rows';

/** One quarantined row's line, in the order the ingest writes its members. */
export const QUARANTINE_ROW_COLUMNS = {
  file: col.string('Landing key of the file the row came from'),
  row: col.integer('Row number in the file, as the ingest reports it', { unit: 'rows' }),
  column: col.string('Column the rule is about; empty for a problem of the whole row', { required: false }),
  rule: col.string('The contract rule or check the row failed'),
  message: col.string('What is wrong with the row, in words'),
  value: col.string('The offending cell (or the whole record) as delivered', { required: false }),
  site: col.string('Site id of the row, when it could be read', { required: false }),
  feed: col.string('Feed id <system>/<feed>'),
  ingest_id: col.string('The ingest attempt that quarantined the row (audit_ingest_files.ingest_id)'),
  ingested_at: col.string('When that attempt started: an ISO 8601 UTC instant, as text', { required: false }),
} satisfies Record<string, ColumnSpec>;

/** The note beside a file rejected whole, `files/<landing key>.reason.json`. */
export interface WholeFileRejectionNote {
  readonly key: string;
  readonly rule: string;
  readonly message: string;
  /** The attempt that rejected it; absent in notes written before replays existed. */
  readonly ingest_id?: string;
  readonly feed?: string | null;
  readonly rows_in?: number;
}
