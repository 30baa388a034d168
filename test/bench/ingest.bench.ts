/**
 * Ingest throughput and memory: opslake ingest (parse + validate against the contract + write zstd
 * Parquet partitions) vs DuckDB's single-threaded `COPY (FROM read_csv(…)) TO … (COMPRESSION zstd)`
 * on the same generated wms/order_events CSV, the feed the issue specifies.
 *
 * What runs is the artefact that ships: the measuring process is bundled by esbuild with the
 * ingest Lambda's settings (infra/bundling.ts), so neither side pays a TypeScript loader. Both run
 * in that one process (ingest-child.ts), each timed after its modules are loaded, each with its own
 * peak RSS.
 *
 * Two layouts of the same rows: `time-ordered` (a WMS extract: events in time order, sites
 * interleaved within a day) and `interleaved` (consecutive rows cycle through every day, so nearly
 * every row lands in another partition: the partition writer's worst case).
 * Sizes: BENCH_INGEST_ROWS (comma-separated, default 1000000,10000000); layouts:
 * BENCH_INGEST_LAYOUTS (default time-ordered,interleaved). A shared VM's speed drifts by ±20 %
 * from one run to the next, so each size is run BENCH_INGEST_REPEATS times (default 3 up to 1M
 * rows, else 1) and the medians are reported, with the range of the ratio.
 * Clocks: BENCH_INGEST_CLOCKS (default utc,local) — `utc` spells every event time with `Z`,
 * `local` leaves the zone off (site-local wall times, read in the site master's timezone); the
 * local/utc ratio of opslake's time is printed per size and layout (goal ≤ 1.2).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ESM_CJS_BANNER, WASM_FILES } from '../../infra/bundling.js';
import { generatedCsv, sitesCsv } from '../support/generated-feed.js';
import type { BenchModule } from './index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
type Layout = 'time-ordered' | 'interleaved';
type Clock = 'utc' | 'local';

interface ChildResult {
  readonly audit: { rows_in: number; rows_valid: number; output_files: number };
  readonly opslakeSeconds: number;
  readonly opslakePeakRss: number;
  readonly duckdbSeconds: number;
  /** DuckDB's peak RSS over what the process held before it ran. */
  readonly duckdbPeakRssGrowth: number;
}

/** Bundles the measuring process into node_modules/.cache (so DuckDB's native module resolves). */
async function bundleChild(): Promise<string> {
  const dir = join(root, 'node_modules/.cache/opslake-bench');
  const outfile = join(dir, 'ingest-child.mjs');
  await build({
    entryPoints: [join(root, 'test/bench/ingest-child.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    banner: { js: ESM_CJS_BANNER },
    external: ['@duckdb/node-api'],
    logLevel: 'warning',
  });
  for (const file of WASM_FILES) copyFileSync(file, join(dir, basename(file)));
  return outfile;
}

/** Writes the site master a zone-less feed needs; returns its landing key. */
async function landSites(home: string): Promise<string> {
  const key = 'reference/sites/bench-sites.csv';
  await mkdir(join(home, 'landing', dirname(key)), { recursive: true });
  await writeFile(join(home, 'landing', key), sitesCsv());
  return key;
}

/** One size × layout × clock; returns opslake's median seconds. */
async function once(child: string, rows: number, layout: Layout, clock: Clock): Promise<number> {
  const home = await mkdtemp(join(tmpdir(), 'opslake-bench-ingest-'));
  try {
    const key = 'wms/order_events/bench.csv';
    const csvPath = join(home, 'landing', key);
    await mkdir(dirname(csvPath), { recursive: true });
    await pipeline(
      Readable.from(generatedCsv({ rows, badEvery: 10_000, feed: 'order_events', layout, clock })),
      createWriteStream(csvPath),
    );
    const childArgs = clock === 'local' ? [child, home, key, await landSites(home)] : [child, home, key];
    const mb = (await stat(csvPath)).size / 1e6;
    const repeats = Number(process.env.BENCH_INGEST_REPEATS ?? (rows <= 1_000_000 ? 3 : 1));
    const runs: ChildResult[] = [];
    for (let i = 0; i < repeats; i++) {
      await rm(join(home, 'lake'), { recursive: true, force: true });
      await rm(join(home, 'quarantine'), { recursive: true, force: true });
      const run = spawnSync(process.execPath, childArgs, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (run.status !== 0) throw new Error(`the bench process failed (exit ${run.status})`);
      runs.push(JSON.parse(run.stdout) as ChildResult);
    }
    const expectedValid = rows - Math.floor(rows / 10_000);
    for (const run of runs) {
      // A timing of rows that were quarantined (say, a site master that failed to load) means nothing.
      if (run.audit.rows_valid !== expectedValid) {
        throw new Error(`${clock} times: ${run.audit.rows_valid} rows valid, expected ${expectedValid}`);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const ratios = runs.map((run) => run.opslakeSeconds / run.duckdbSeconds);
    const r = {
      audit: (runs[0] as ChildResult).audit,
      duckdbSeconds: median(runs.map((run) => run.duckdbSeconds)),
      duckdbPeakRssGrowth: Math.max(...runs.map((run) => run.duckdbPeakRssGrowth)),
      opslakeSeconds: median(runs.map((run) => run.opslakeSeconds)),
      opslakePeakRss: Math.max(...runs.map((run) => run.opslakePeakRss)),
    };
    const line = (name: string, seconds: number, memory: string) =>
      `  ${name.padEnd(26)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rows / seconds)
        .toLocaleString('en')
        .padStart(10)} rows/s  ${memory}`;
    process.stdout.write(
      [
        `${rows.toLocaleString('en')} rows, ${layout}, ${clock} times, ${mb.toFixed(0)} MB CSV (${r.audit.rows_valid.toLocaleString('en')} valid, ${r.audit.output_files} Parquet files), median of ${repeats} run(s), highest peak RSS:`,
        line('duckdb COPY (threads=1)', r.duckdbSeconds, `peak RSS +${Math.round(r.duckdbPeakRssGrowth)} MiB`),
        line('opslake ingest', r.opslakeSeconds, `peak RSS ${Math.round(r.opslakePeakRss)} MiB (whole process)`),
        `  ratio opslake / duckdb: median ${median(ratios).toFixed(2)}, range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} (goal ≤ 2; peak RSS goal < 300 MiB)`,
        '',
      ].join('\n'),
    );
    return r.opslakeSeconds;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const bench: BenchModule = {
  title: 'ingest: validate + write Parquet vs DuckDB COPY, in one process',
  async run() {
    const sizes = (process.env.BENCH_INGEST_ROWS ?? '1000000,10000000').split(',').map(Number);
    const layouts = (process.env.BENCH_INGEST_LAYOUTS ?? 'time-ordered,interleaved').split(',') as Layout[];
    const clocks = (process.env.BENCH_INGEST_CLOCKS ?? 'utc,local').split(',') as Clock[];
    const child = await bundleChild();
    for (const rows of sizes) {
      for (const layout of layouts) {
        const seconds = new Map<Clock, number>();
        for (const clock of clocks) seconds.set(clock, await once(child, rows, layout, clock));
        const utc = seconds.get('utc');
        const local = seconds.get('local');
        if (utc !== undefined && local !== undefined) {
          process.stdout.write(
            `  zone-less / Z, ${rows.toLocaleString('en')} rows ${layout}: ${(local / utc).toFixed(2)} (goal ≤ 1.2)\n\n`,
          );
        }
      }
    }
  },
};
export default bench;
