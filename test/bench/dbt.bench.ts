import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runDbt } from '../../functions/local/dbt.js';
import { writeSchemaFiles } from '../../functions/local/lake-bootstrap.js';
import { workspace } from '../../functions/local/workspace.js';
import type { BenchModule } from './index.js';
import { runOpslake } from './opslake-cli.js';

interface ManifestNode {
  readonly unique_id: string;
  readonly resource_type: string;
  readonly relation_name: string | null;
  readonly compiled_code?: string;
  readonly config: { readonly materialized: string };
  readonly depends_on: { readonly nodes: readonly string[] };
}

/** The models (dependency order) and tests of a build, with the SQL dbt compiled for them. */
function compiledNodes(manifestPath: string): { models: ManifestNode[]; tests: ManifestNode[] } {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { nodes: Record<string, ManifestNode> };
  const nodes = Object.values(manifest.nodes).filter((n) => n.compiled_code !== undefined);
  const models = nodes.filter((n) => n.resource_type === 'model' && n.config.materialized !== 'ephemeral');
  const byId = new Map(models.map((m) => [m.unique_id, m]));
  const ordered: ManifestNode[] = [];
  const placed = new Set<string>();
  const place = (node: ManifestNode) => {
    if (placed.has(node.unique_id)) return;
    placed.add(node.unique_id);
    for (const parent of node.depends_on.nodes) {
      const model = byId.get(parent);
      if (model) place(model);
    }
    ordered.push(node);
  };
  for (const model of models) place(model);
  return { models: ordered, tests: nodes.filter((n) => n.resource_type === 'test') };
}

/**
 * The engine's own time for the build's work: every model's compiled SQL, then every test's, in
 * one DuckDB process on a copy of the built warehouse. The copy keeps the file name, so the
 * catalog the compiled SQL names (`"warehouse"."main"…`) is this one.
 */
async function compiledSqlBaseline(warehouse: string, manifestPath: string, home: string) {
  const { models, tests } = compiledNodes(manifestPath);
  const dir = join(home, 'compiled-baseline');
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, 'warehouse.duckdb');
  copyFileSync(warehouse, copy);
  const instance = await DuckDBInstance.create(copy, { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const timed = async (node: ManifestNode, sql: string) => {
      const started = performance.now();
      await connection.run(sql);
      return { name: node.unique_id.split('.').pop() as string, seconds: (performance.now() - started) / 1000 };
    };
    const modelTimes = [];
    for (const model of models) {
      const kind = model.config.materialized === 'view' ? 'view' : 'table';
      modelTimes.push(await timed(model, `create or replace ${kind} ${model.relation_name} as ${model.compiled_code}`));
    }
    const testTimes = [];
    for (const test of tests) {
      testTimes.push(await timed(test, `select count(*) from (${test.compiled_code}) as failures`));
    }
    const total = (times: { seconds: number }[]) => times.reduce((sum, t) => sum + t.seconds, 0);
    const slowest = (times: { name: string; seconds: number }[]) =>
      [...times]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 5)
        .map((t) => `${t.name} ${t.seconds.toFixed(2)} s`)
        .join(', ');
    return {
      models: models.length,
      tests: tests.length,
      modelSeconds: total(modelTimes),
      testSeconds: total(testTimes),
      slowestModels: slowest(modelTimes),
      slowestTests: slowest(testTimes),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
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
  title: 'dbt build on demo-sized data vs its compiled SQL in one DuckDB process',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'opslake-bench-dbt-'));
    try {
      const ws = workspace(home);
      const days = process.env.BENCH_DBT_DAYS ?? '365';
      runOpslake(['generate', '--sites', '4', '--days', days], home);
      const ingestStarted = performance.now();
      runOpslake(['ingest', '--all'], home);
      const ingestSeconds = (performance.now() - ingestStarted) / 1000;
      const targetPath = join(home, 'dbt-target');
      const timedBuild = () => {
        const started = performance.now();
        const summary = JSON.parse(runOpslake(['build', '--quiet', '--json'], home, true)) as {
          exitCode: number;
          upToDate: boolean;
          elapsedSeconds: number;
        };
        if (summary.exitCode !== 0) throw new Error(`opslake build exited ${summary.exitCode}`);
        return { ...summary, wallSeconds: (performance.now() - started) / 1000 };
      };
      const build = timedBuild();
      // The manifest of the full build: the next dbt run overwrites it with incremental SQL.
      const manifest = join(home, 'full-build-manifest.json');
      copyFileSync(join(targetPath, 'manifest.json'), manifest);
      const noOp = timedBuild();
      if (!noOp.upToDate) throw new Error('the second opslake build was not skipped: the fingerprint changed');
      await writeSchemaFiles(ws.buckets);
      const rebuild = await runDbt(['build'], { workspace: ws, targetPath, onLine: () => {} });
      const compiled = await compiledSqlBaseline(ws.warehouse, manifest, home);
      const engine = compiled.modelSeconds + compiled.testSeconds;
      const baseline = await baselineSeconds(ws.lakeDir, join(home, 'baseline.duckdb'));
      const shipments = await baselineRows(ws.lakeDir, home);
      process.stdout.write(
        [
          `data: 4 sites × ${days} days; ingest (opslake ingest of every file) ${ingestSeconds.toFixed(1)} s; raw shipments rows: ${shipments}`,
          `opslake build (full): ${compiled.models} models + ${compiled.tests} tests, dbt ${build.elapsedSeconds.toFixed(2)} s, command ${build.wallSeconds.toFixed(2)} s`,
          `opslake build again, nothing changed (skipped on the fingerprint): command ${noOp.wallSeconds.toFixed(2)} s (goal ≤ 10 s)`,
          `dbt build again without the skip (incremental facts, nothing new): ${rebuild.elapsedSeconds.toFixed(2)} s`,
          `baseline, the compiled SQL in one DuckDB process: models ${compiled.modelSeconds.toFixed(2)} s + tests ${compiled.testSeconds.toFixed(2)} s = ${engine.toFixed(2)} s`,
          `  slowest models: ${compiled.slowestModels}`,
          `  slowest tests: ${compiled.slowestTests}`,
          `ratio dbt build / compiled-SQL baseline: ${(build.elapsedSeconds / engine).toFixed(2)}× (full build goal ≤ 30 s)`,
          `floor, one CTAS (on-time per site/day, ${baseline.rows} rows): ${baseline.seconds.toFixed(3)} s`,
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
