/**
 * For the consumer benches (serve, report): a QueryEngine that notes each statement it runs, and a
 * bare @duckdb/node-api connection that times the same statements alone — the gap between the two
 * is what opslake adds on top of DuckDB.
 */
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { Param, QueryEngine } from '../../functions/query/engine.js';

export interface Statement {
  readonly sql: string;
  readonly params: readonly Param[];
}

/** Passes every query through, noting it in `log` while `log` is set. */
export class RecordingEngine implements QueryEngine {
  readonly engine = 'duckdb' as const;
  log: Statement[] | null = null;

  constructor(private readonly inner: QueryEngine) {}

  query(sql: string, params: readonly Param[] = [], options?: { signal?: AbortSignal }) {
    this.log?.push({ sql, params });
    return this.inner.query(sql, params, options);
  }

  close() {
    return this.inner.close();
  }
}

/** The warehouse opened read-only in UTC, as DuckDBEngine opens it, with nothing in between. */
export async function rawDuckDB(warehouse: string): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Milliseconds to run `statements` one after another and read every row. */
export async function timeStatements(connection: DuckDBConnection, statements: readonly Statement[]): Promise<number> {
  const started = performance.now();
  for (const s of statements) {
    await connection.runAndReadAll(s.sql, s.params.length > 0 ? (s.params as DuckDBValue[]) : undefined);
  }
  return performance.now() - started;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
