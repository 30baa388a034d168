/**
 * The local `QueryEngine`: the DuckDB warehouse file that dbt builds, opened read-only with the
 * session in UTC. Rows stream chunk by chunk (DuckDB's vector size), so a result of any size is
 * read in bounded memory.
 */
import { type DuckDBConnection, DuckDBInstance, type DuckDBResult, type DuckDBValue } from '@duckdb/node-api';
import { duckdbCell, duckdbColumn } from './duckdb-cells.js';
import type { Param, QueryEngine, QueryResult, QueryStats, Row } from './engine.js';

export interface DuckDBEngineOptions {
  /** Open the file for writing too (tests that seed a warehouse); readers leave it read-only. */
  readonly writable?: boolean;
}

export class DuckDBEngine implements QueryEngine {
  readonly engine = 'duckdb' as const;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens `databasePath` (`:memory:` for an empty in-memory database). */
  static async open(databasePath: string, options: DuckDBEngineOptions = {}): Promise<DuckDBEngine> {
    const readOnly = !options.writable && databasePath !== ':memory:';
    const instance = await DuckDBInstance.create(databasePath, readOnly ? { access_mode: 'READ_ONLY' } : {});
    const connection = await instance.connect();
    // Set after connecting: ICU (which owns TimeZone) is loaded by then, not at instance creation.
    await connection.run("SET TimeZone = 'UTC'");
    return new DuckDBEngine(instance, connection);
  }

  /** The underlying connection, for callers that need DuckDB itself (statement splitting, COPY). */
  get duckdb(): DuckDBConnection {
    return this.connection;
  }

  async query(
    sql: string,
    params: readonly Param[] = [],
    options: { signal?: AbortSignal } = {},
  ): Promise<QueryResult> {
    const started = performance.now();
    const result = await this.connection.stream(sql, params.length > 0 ? [...params] : undefined);
    return this.streamed(result, started, options.signal);
  }

  /**
   * Runs every statement of `script` in turn (split by DuckDB's own parser), each with the next
   * `?` values of `params`; yields each statement's result, to be read before the next one runs.
   */
  async *queryScript(
    script: string,
    params: readonly Param[] = [],
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<QueryResult> {
    const statements = await this.connection.extractStatements(script);
    let used = 0;
    for (let i = 0; i < statements.count; i++) {
      const started = performance.now();
      const prepared = await statements.prepare(i);
      const count = prepared.parameterCount;
      if (count > 0) prepared.bind(params.slice(used, used + count) as DuckDBValue[]);
      used += count;
      yield this.streamed(await prepared.stream(), started, options.signal);
    }
    if (used !== params.length)
      throw new Error(`${params.length} parameter(s) given, the SQL has ${used} placeholder(s)`);
  }

  private streamed(result: DuckDBResult, started: number, signal: AbortSignal | undefined): QueryResult {
    const columns = result.columnNames().map((name, i) => duckdbColumn(name, result.columnType(i)));
    const stats: QueryStats = { rows: 0 };
    const connection = this.connection;
    async function* batches(): AsyncGenerator<Row[]> {
      for (;;) {
        if (signal?.aborted) {
          connection.interrupt();
          throw new Error('query cancelled');
        }
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk
          .getRows()
          .map((row) => row.map((value, i) => duckdbCell(value, columns[i]?.kind ?? 'other')));
        stats.rows += rows.length;
        yield rows;
      }
      stats.engineMillis = performance.now() - started;
    }
    return { columns, batches: batches(), stats };
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
