/**
 * Locally, dbt-duckdb reads each raw table as a glob of Parquet files, and DuckDB refuses a glob that
 * matches nothing. So every feed gets one zero-row file with its contract's schema, under
 * `_schema/`, the audit log one with every current audit column (so a workspace whose audit files
 * predate a column still builds), and the quarantine an empty `rows/_schema.ndjson`; in AWS the Glue tables read only
 * `site=…/dt=…` partitions (and rows/ parts) and need no such file.
 */
import { contracts } from '../../schemas/index.js';
import { AUDIT_SCHEMA_KEY, QUARANTINE_ROWS_SCHEMA_KEY, schemaFileKey } from '../../schemas/lake-layout.js';
import { arrowSchema } from '../core/arrow-schema.js';
import { auditSchema } from '../core/audit.js';
import { toParquet } from '../core/parquet/writer.js';
import { type ObjectStore, readAll } from '../core/storage/port.js';

export async function writeSchemaFiles({ lake, quarantine }: { lake: ObjectStore; quarantine: ObjectStore }) {
  if (!(await quarantine.stat(QUARANTINE_ROWS_SCHEMA_KEY))) await quarantine.write(QUARANTINE_ROWS_SCHEMA_KEY, '');
  // Follows the audit columns as they change (a few hundred bytes, opslake's own); written only when
  // its bytes differ, so an unchanged lake keeps the fingerprint that lets a no-op build be skipped.
  const audit = toParquet(auditSchema, []);
  const current = (await lake.stat(AUDIT_SCHEMA_KEY)) ? await readAll(lake, AUDIT_SCHEMA_KEY) : undefined;
  if (!current || Buffer.compare(current, audit) !== 0) await lake.write(AUDIT_SCHEMA_KEY, audit);
  for (const contract of contracts) {
    const key = schemaFileKey(contract, contract.majorVersion);
    if (await lake.stat(key)) continue;
    await lake.write(key, toParquet(arrowSchema(contract), []));
  }
}
