/**
 * A workspace whose audit files all predate a column (replay_of came with `opslake replay`) still
 * builds: the build's zero-row audit schema file gives DuckDB's union_by_name read every current
 * column. The read here is the audit source's own (external_location in _opslake__sources.yml).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_COLUMN_LIST } from '../../functions/core/audit.js';
import { compactAudit } from '../../functions/core/audit-compaction.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';
import { writeSchemaFiles } from '../../functions/local/lake-bootstrap.js';
import { AUDIT_PREFIX, AUDIT_SCHEMA_KEY } from '../../schemas/lake-layout.js';

const home = mkdtempSync(join(tmpdir(), 'opslake-audit-schema-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjects();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the audit schema file', () => {
  const lakeDir = join(home, 'lake');
  const sourceRead = `select ingest_id, replay_of from read_parquet('${lakeDir}/${AUDIT_PREFIX}**/*.parquet', union_by_name = true)`;

  it('lets the audit source read a column that no older record file has', async () => {
    const day = join(lakeDir, AUDIT_PREFIX, 'dt=2025-01-01');
    mkdirSync(day, { recursive: true });
    // An audit record as an older opslake wrote it: no replay_of column.
    await query(
      `copy (select 'old-1' as ingest_id, 'loaded' as outcome) to '${join(day, 'old-1.parquet')}' (format parquet)`,
    );
    await expect(query(sourceRead)).rejects.toThrow(/replay_of/);
    await writeSchemaFiles(localBuckets(home));
    expect(await query(sourceRead)).toEqual([{ ingest_id: 'old-1', replay_of: null }]);
  });

  it('carries every current audit column and no row', async () => {
    const file = join(lakeDir, AUDIT_SCHEMA_KEY);
    const columns = await query(`select name from parquet_schema('${file}') where name <> 'schema'`);
    expect(columns.map((c) => c.name)).toEqual(AUDIT_COLUMN_LIST.map(([name]) => name));
    expect(await query(`select count(*)::int as n from read_parquet('${file}')`)).toEqual([{ n: 0 }]);
  });

  it('is not an audit record file to compaction: neither merged nor reported as skipped', async () => {
    const result = await compactAudit(localBuckets(home).lake, { dryRun: true });
    expect(result.skipped.map((s) => s.key)).not.toContain(AUDIT_SCHEMA_KEY);
    expect(result.days.map((d) => d.day)).toEqual(['2025-01-01']);
  });
});
