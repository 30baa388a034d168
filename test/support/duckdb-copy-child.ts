/**
 * Child process for the ingest bench baseline: DuckDB converts a CSV to zstd Parquet on one thread.
 * Usage: duckdb-copy-child.ts <csv> <parquet>; prints the row count as JSON.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [csvPath, parquetPath] = process.argv.slice(2);
if (!csvPath || !parquetPath) throw new Error('usage: duckdb-copy-child.ts <csv> <parquet>');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run('SET threads = 1');
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
await connection.run(
  `COPY (FROM read_csv(${quote(csvPath)})) TO ${quote(parquetPath)} (FORMAT parquet, COMPRESSION zstd)`,
);
const reader = await connection.runAndReadAll(`select count(*)::bigint as n from read_parquet(${quote(parquetPath)})`);
process.stdout.write(`${JSON.stringify({ rows: Number(reader.getRows()[0]?.[0]) })}\n`);
connection.closeSync();
instance.closeSync();
