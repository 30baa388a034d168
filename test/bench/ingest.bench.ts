/**
 * Ingest throughput and memory: `opslake` ingest (parse + validate against the contract + write
 * zstd Parquet partitions) vs DuckDB's single-threaded CSV → Parquet COPY on the same generated
 * wms/order_events CSV (9 columns: picks, packs and ships — the feed the issue specifies). Each side runs in its own child process so peak RSS is its own.
 * Sizes: BENCH_INGEST_ROWS (comma-separated, default 1000000,10000000).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { generatedCsv } from '../support/generated-feed.js';
import type { BenchModule } from './index.js';
import { runMeasured } from './peak-memory.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = ['--import', 'tsx'];

async function once(rows: number): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'opslake-bench-ingest-'));
  try {
    const key = 'wms/order_events/bench.csv';
    const csvPath = join(home, 'landing', key);
    await mkdir(dirname(csvPath), { recursive: true });
    await pipeline(
      Readable.from(generatedCsv({ rows, badEvery: 10_000, feed: 'order_events' })),
      createWriteStream(csvPath),
    );
    const mb = (await stat(csvPath)).size / 1e6;

    const duck = await runMeasured(process.execPath, [
      ...tsx,
      join(root, 'test/support/duckdb-copy-child.ts'),
      csvPath,
      join(home, 'duckdb.parquet'),
    ]);
    const ours = await runMeasured(process.execPath, [
      ...tsx,
      join(root, 'test/support/ingest-file-child.ts'),
      home,
      key,
    ]);
    if (duck.exitCode !== 0 || ours.exitCode !== 0) throw new Error(`a bench child failed: ${ours.stdout}`);
    const audit = JSON.parse(ours.stdout) as { rows_in: number; rows_valid: number; output_files: number };
    const line = (name: string, seconds: number, rss: number) =>
      `  ${name.padEnd(30)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rows / seconds)
        .toLocaleString('en')
        .padStart(10)} rows/s  peak RSS ${Math.round(rss)} MiB`;
    process.stdout.write(
      [
        `${rows.toLocaleString('en')} rows, ${mb.toFixed(0)} MB CSV (${audit.rows_valid} valid, ${audit.output_files} Parquet files):`,
        line('duckdb COPY (threads=1)', duck.seconds, duck.peakRssMiB),
        line('opslake ingest', ours.seconds, ours.peakRssMiB),
        `  ratio opslake / duckdb: ${(ours.seconds / duck.seconds).toFixed(2)} (goal ≤ 3; peak RSS goal < 300 MiB)`,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const bench: BenchModule = {
  title: 'ingest: validate + write Parquet vs DuckDB COPY',
  async run() {
    const sizes = (process.env.BENCH_INGEST_ROWS ?? '1000000,10000000').split(',').map(Number);
    for (const rows of sizes) await once(rows);
  },
};
export default bench;
