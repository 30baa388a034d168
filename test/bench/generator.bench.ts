/**
 * Generator throughput: `opslake generate --sites 4 --days 365` (a coherent year of every feed as
 * CSV files in the landing layout) against DuckDB writing the same number of rows of synthetic
 * columns to one CSV with `COPY (select … from range(n)) TO …` — the floor for "make rows, format
 * them as CSV, write them". Each side runs in its own child process so peak RSS is its own.
 * Size: BENCH_GENERATOR_SITES / BENCH_GENERATOR_DAYS (default 4 × 365).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchModule } from './index.js';
import { runMeasured } from './peak-memory.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A child that has DuckDB write `rows` rows of ten mixed columns to a CSV, single-threaded. */
const duckdbChild = (rows: number, path: string) => `
import { DuckDBInstance } from '@duckdb/node-api';
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
await connection.run(\`COPY (
  select 'EV-' || i as event_id, 'S' || (i % 4 + 1) as site_id, 'SO-' || (i // 3) as order_id,
         i % 7 + 1 as line_number, 'SKU-' || lpad((i % 1500)::varchar, 5, '0') as sku,
         ['picked', 'packed', 'shipped'][i % 3 + 1] as event_type, i % 40 as quantity,
         timestamptz '2025-01-01 00:00:00+00' + to_seconds(i) as event_at,
         round((i % 100000) / 100, 2)::decimal(18,2) as amount, 'USD' as currency
  from range(${rows}) t(i)) TO '${path}' (HEADER)\`);
connection.closeSync();
instance.closeSync();
`;

const bench: BenchModule = {
  title: 'generator: a year of operations (opslake generate) vs DuckDB COPY range → CSV',
  async run() {
    const sites = process.env.BENCH_GENERATOR_SITES ?? '4';
    const days = process.env.BENCH_GENERATOR_DAYS ?? '365';
    const home = await mkdtemp(join(tmpdir(), 'opslake-bench-generator-'));
    try {
      const ours = await runMeasured(process.execPath, [
        join(root, 'functions/cli/opslake.mjs'),
        'generate',
        '--sites',
        sites,
        '--days',
        days,
        '--seed',
        '42',
        '--out',
        join(home, 'landing'),
        '--json',
      ]);
      if (ours.exitCode !== 0) throw new Error(`opslake generate failed: ${ours.stdout}`);
      const result = JSON.parse(ours.stdout) as { files: number; rows: number; bytes: number; seconds: number };
      // `-e` modules resolve packages from the working directory: `npm run bench` runs at the repo root.
      const duck = await runMeasured(process.execPath, [
        '--input-type=module',
        '-e',
        duckdbChild(result.rows, join(home, 'duckdb.csv')),
      ]);
      if (duck.exitCode !== 0) throw new Error('the DuckDB baseline failed');
      const line = (name: string, seconds: number, rss: number) =>
        `  ${name.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(result.rows / seconds)
          .toLocaleString('en')
          .padStart(10)} rows/s  peak RSS ${Math.round(rss)} MiB`;
      process.stdout.write(
        [
          `${sites} sites × ${days} days: ${result.files.toLocaleString('en')} files, ${result.rows.toLocaleString('en')} rows, ${(result.bytes / 1e6).toFixed(0)} MB CSV`,
          line('opslake generate (process)', ours.seconds, ours.peakRssMiB),
          `  ${'  of which generating + writing'.padEnd(34)} ${result.seconds.toFixed(2).padStart(7)} s`,
          line('duckdb COPY range → 1 CSV (threads=1)', duck.seconds, duck.peakRssMiB),
          `  ratio opslake / duckdb: ${(ours.seconds / duck.seconds).toFixed(2)} (goal: a year of 4 sites < 60 s)`,
          '',
        ].join('\n'),
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  },
};

export default bench;
