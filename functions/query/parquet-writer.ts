/**
 * A result as a Parquet file, always written by DuckDB's Parquet writer (one writer, so local and
 * Athena results give the same file layout and types):
 * - 128-bit integers become DECIMAL(38,0): Parquet has no wider integer than 64 bits;
 * - a local query is copied straight from the warehouse: `COPY (query) TO file (FORMAT parquet)`,
 *   which DuckDB streams without materialising the result;
 * - any other engine's streamed rows (Athena) are appended to a scratch DuckDB *file* (spilled to
 *   disk, so memory stays bounded) as text, then copied out with each column cast back to its type
 *   — the text of a `Cell` is exact for every kind, so the casts lose nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { cellText } from './cell-text.js';
import { DuckDBEngine } from './duckdb-engine.js';
import type { ColumnKind, Param, QueryEngine, QueryResult, ResultColumn } from './engine.js';

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const sqlIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** One statement without the trailing semicolons a user may type, so it fits inside `COPY (…)`. */
export function bareStatement(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '');
}

const WIDE_INTEGER_TYPE = 'DECIMAL(38,0)';

const DUCKDB_TYPE: Partial<Record<ColumnKind, string>> = {
  boolean: 'BOOLEAN',
  integer: 'INTEGER',
  // Parquet has no 128-bit integer (DuckDB would write HUGEINT as a lossy DOUBLE): DECIMAL(38,0)
  // keeps every digit up to 38 and fails loudly beyond.
  bigint: WIDE_INTEGER_TYPE,
  float: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  text: 'VARCHAR',
};

/** The DuckDB type a column is cast back to; decimals keep the engine's precision and scale. */
export function duckdbTypeFor(column: ResultColumn): string {
  if (column.kind === 'decimal') {
    const match = /decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/i.exec(column.sqlType);
    return match ? `DECIMAL(${match[1]},${match[2]})` : `DECIMAL(38,${column.scale ?? 0})`;
  }
  if (column.kind === 'bigint' && /^bigint$/i.test(column.sqlType)) return 'BIGINT';
  return DUCKDB_TYPE[column.kind] ?? 'VARCHAR';
}

function castBack(column: ResultColumn, index: number): string {
  const source = `c${index}`;
  // Instants are ISO text with `Z`: read as TIMESTAMPTZ, then the naive UTC TIMESTAMP they stand for.
  const expression =
    column.kind === 'timestamp'
      ? `cast(cast(${source} as timestamptz) as timestamp)`
      : `cast(${source} as ${duckdbTypeFor(column)})`;
  return `${expression} as ${sqlIdentifier(column.name)}`;
}

/** Writes any engine's streamed result to `path` through a scratch DuckDB file. */
export async function writeResultParquet(result: QueryResult, path: string): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), 'opslake-parquet-'));
  const instance = await DuckDBInstance.create(join(scratch, 'rows.duckdb'));
  try {
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    const staged = result.columns.map((_, i) => `c${i} VARCHAR`).join(', ');
    await connection.run(`CREATE TABLE rows (${staged})`);
    const appender = await connection.createAppender('rows');
    let rows = 0;
    for await (const batch of result.batches) {
      for (const row of batch) {
        for (const cell of row) {
          if (cell === null) appender.appendNull();
          else appender.appendVarchar(cellText(cell, ''));
        }
        appender.endRow();
      }
      rows += batch.length;
      appender.flushSync();
    }
    appender.closeSync();
    const select = result.columns.map(castBack).join(', ');
    await connection.run(`COPY (SELECT ${select} FROM rows) TO ${sqlString(path)} (FORMAT parquet)`);
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}

const WIDE_INTEGER_IDS: ReadonlySet<DuckDBTypeId> = new Set([DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/**
 * `sql` with its 128-bit integer columns cast to DECIMAL(38,0), as in the streamed path. The
 * column types come from a streamed (not materialised) run: a prepared statement with `?`
 * placeholders has no types until it executes.
 */
async function withWideIntegersAsDecimal(engine: DuckDBEngine, sql: string, params: readonly Param[]): Promise<string> {
  const probe = await engine.duckdb.stream(sql, params.length > 0 ? [...params] : undefined);
  const names = probe.columnNames();
  const wide = names.filter((_, i) => WIDE_INTEGER_IDS.has(probe.columnTypeId(i)));
  if (wide.length === 0) return sql;
  const replaced = wide.map((name) => `cast(${sqlIdentifier(name)} as ${WIDE_INTEGER_TYPE}) as ${sqlIdentifier(name)}`);
  return `select * replace (${replaced.join(', ')}) from (${sql})`;
}

/** Runs `sql` on `engine` and writes its result to `path` as Parquet; returns the row count. */
export async function writeParquet(
  engine: QueryEngine,
  sql: string,
  params: readonly Param[],
  path: string,
): Promise<number> {
  if (engine instanceof DuckDBEngine) {
    const copy = `COPY (${await withWideIntegersAsDecimal(engine, bareStatement(sql), params)}) TO ${sqlString(path)} (FORMAT parquet)`;
    const reader = await engine.duckdb.runAndReadAll(copy, params.length > 0 ? [...params] : undefined);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }
  return writeResultParquet(await engine.query(sql, params), path);
}
