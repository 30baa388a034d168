/** Read-only SQL over the local warehouse (the DuckDB file dbt builds) and the lake's files. */
import { DuckDBInstance } from '@duckdb/node-api';

export type SqlValue = string | number | boolean | null;

export interface QueryResult {
  readonly columns: string[];
  readonly rows: SqlValue[][];
}

function plain(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/** Runs `sql` against `databasePath` (opened read-only) with the session in UTC. */
export async function query(databasePath: string, sql: string): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(databasePath, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      // Set after connecting: ICU (which owns TimeZone) is loaded by then, not at instance creation.
      await connection.run("SET TimeZone = 'UTC'");
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRows().map((r) => r.map(plain)) };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
