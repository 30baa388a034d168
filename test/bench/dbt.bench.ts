/**
 * `npm run bench dbt`: wall time of a full `dbt build` (every model and test) on the demo's data
 * (the generator's 4 sites × 365 days; BENCH_DBT_DAYS to change), then of an incremental re-build,
 * against a baseline in the same process: one plain DuckDB `CREATE TABLE AS` aggregation over the
 * same raw Parquet (on-time deliveries per site and day). The ratio says what dbt's orchestration,
 * the layered models and the tests cost on top of the raw engine work.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runDbt } from '../../functions/local/dbt.js';
import { writeSchemaFiles } from '../../functions/local/lake-bootstrap.js';
import { repoRoot, workspace } from '../../functions/local/workspace.js';
import type { BenchModule } from './index.js';

function cli(args: string[], home: string): void {
  // stdout (a year's ingest table runs to megabytes) is not needed: errors come on stderr.
  const run = spawnSync(process.execPath, [join(repoRoot, 'functions/cli/opslake.mjs'), ...args, '--home', home], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0 && !(args[0] === 'ingest' && run.status === 1)) {
    throw new Error(`opslake ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  }
}

async function baselineSeconds(lakeDir: string, dbFile: string): Promise<{ seconds: number; rows: number }> {
  const instance = await DuckDBInstance.create(dbFile, { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const started = performance.now();
    await connection.run(`
      create or replace table baseline_on_time as
      select site_id, cast(delivered_at as date) as delivery_date,
             count(*) filter (where delivered_at <= promised_delivery_at) as numerator,
             count(*) as denominator
      from read_parquet('${lakeDir}/raw/tms/shipments/**/*.parquet', union_by_name = true)
      where delivered_at is not null
      group by all`);
    const seconds = (performance.now() - started) / 1000;
    const reader = await connection.runAndReadAll('select count(*) from baseline_on_time');
    return { seconds, rows: Number(reader.getRows()[0]?.[0] ?? 0) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const bench: BenchModule = {
  title: 'dbt build on demo-sized data vs a plain DuckDB CTAS baseline',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'opslake-bench-dbt-'));
    try {
      const ws = workspace(home);
      const days = process.env.BENCH_DBT_DAYS ?? '365';
      cli(['generate', '--sites', '4', '--days', days], home);
      const ingestStarted = performance.now();
      cli(['ingest', '--all'], home);
      const ingestSeconds = (performance.now() - ingestStarted) / 1000;
      await writeSchemaFiles(ws.buckets);
      const targetPath = join(home, 'dbt-target');
      const build = await runDbt(['build'], { workspace: ws, targetPath, onLine: () => {} });
      if (build.exitCode !== 0) {
        throw new Error(`dbt build failed: ${build.failures.map((f) => `${f.name}: ${f.message}`).join('; ')}`);
      }
      const results = JSON.parse(readFileSync(join(targetPath, 'run_results.json'), 'utf8')) as {
        results: { unique_id: string }[];
      };
      const models = results.results.filter((r) => r.unique_id.startsWith('model.')).length;
      const tests = results.results.filter((r) => r.unique_id.startsWith('test.')).length;
      const rebuild = await runDbt(['build'], { workspace: ws, targetPath, onLine: () => {} });
      const baseline = await baselineSeconds(ws.lakeDir, join(home, 'baseline.duckdb'));
      const shipments = await baselineRows(ws.lakeDir, home);
      process.stdout.write(
        [
          `data: 4 sites × ${days} days; ingest (opslake ingest of every file) ${ingestSeconds.toFixed(1)} s; raw shipments rows: ${shipments}`,
          `dbt build: ${models} models + ${tests} tests in ${build.elapsedSeconds.toFixed(2)} s`,
          `dbt build again (incremental facts, nothing new): ${rebuild.elapsedSeconds.toFixed(2)} s`,
          `baseline CTAS (on-time per site/day, ${baseline.rows} rows): ${baseline.seconds.toFixed(3)} s`,
          `ratio dbt build / baseline: ${(build.elapsedSeconds / baseline.seconds).toFixed(0)}×`,
          `per model (incl. its tests): ${(build.elapsedSeconds / Math.max(models, 1)).toFixed(2)} s`,
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
};

async function baselineRows(lakeDir: string, home: string): Promise<number> {
  const instance = await DuckDBInstance.create(join(home, 'count.duckdb'));
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `select count(*) from read_parquet('${lakeDir}/raw/tms/shipments/**/*.parquet', union_by_name = true)`,
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export default bench;
