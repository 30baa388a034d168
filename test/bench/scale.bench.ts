/**
 * `npm run bench scale`: the whole pipeline — generate → ingest → compact → build → KPI query — at the demo's
 * volume and at a multiple of it (the generator's `--scale`), so cost growth is visible. Per stage:
 * wall time, the stage process's peak RSS, and the lake's file count and bytes after it. Each scale
 * ends with its growth against the first scale (time per row; goal: linear in rows, flat memory) and
 * with a baseline run in this process on the same data: DuckDB converting every landed CSV feed to
 * one zstd Parquet file on one thread (the raw engine work opslake's ingest does per file).
 *
 * BENCH_SCALES (default "1,10"), BENCH_SCALE_SITES (default 4), BENCH_SCALE_DAYS (default 365).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { repoRoot, workspace } from '../../functions/local/workspace.js';
import type { BenchModule } from './index.js';
import { type ChildRun, runMeasured } from './peak-memory.js';

const cli = join(repoRoot, 'functions/cli/opslake.mjs');
const KPI_QUERY = 'select scope_id, kpi, month_start, kpi_value, numerator, denominator from kpi_monthly order by all';
/** Every stage must succeed: the generated data is clean, so even ingest exits 0. */
const STAGE_OK = 0;

interface Stage {
  readonly name: string;
  readonly args: string[];
}

interface StageFigures {
  readonly name: string;
  readonly run: ChildRun;
  readonly lakeFiles: number;
  readonly lakeBytes: number;
}

interface ScaleFigures {
  readonly scale: number;
  readonly rows: number;
  readonly stages: readonly StageFigures[];
  readonly duckdbSeconds: number;
}

function directoryFigures(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        files++;
        bytes += statSync(child).size;
      }
    }
  };
  try {
    walk(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { files, bytes };
}

/** DuckDB's own work on the same landed data: every CSV feed → one Parquet file, one thread. */
async function duckdbBaselineSeconds(landingDir: string, outDir: string): Promise<number> {
  const feeds: string[] = [];
  for (const system of readdirSync(landingDir, { withFileTypes: true })) {
    if (!system.isDirectory() || system.name.startsWith('_')) continue;
    for (const feed of readdirSync(join(landingDir, system.name))) feeds.push(`${system.name}/${feed}`);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  try {
    const started = performance.now();
    for (const feed of feeds) {
      const csv = join(landingDir, feed, '**', '*.csv');
      const parquet = join(outDir, `${feed.replace('/', '__')}.parquet`);
      await connection.run(
        `COPY (FROM read_csv(${quote(csv)}, union_by_name = true)) TO ${quote(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
    return (performance.now() - started) / 1000;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function runScale(scale: number, sites: string, days: string): Promise<ScaleFigures> {
  const home = mkdtempSync(join(tmpdir(), `opslake-bench-scale-${scale}-`));
  try {
    const ws = workspace(home);
    const stages: Stage[] = [
      { name: 'generate', args: ['generate', '--sites', sites, '--days', days, '--scale', String(scale)] },
      { name: 'ingest', args: ['ingest', '--all'] },
      // As the demo does: a data file per delivery and partition, and an audit file per ingest, merged.
      { name: 'compact', args: ['compact'] },
      { name: 'build', args: ['build'] },
      { name: 'kpi query', args: ['sql', KPI_QUERY, '--format', 'csv'] },
    ];
    const figures: StageFigures[] = [];
    let rows = 0;
    for (const stage of stages) {
      const run = await runMeasured(process.execPath, [cli, ...stage.args, '--home', home, '--json'], process.env, {
        captureStderr: true,
      });
      if (run.exitCode !== STAGE_OK) {
        throw new Error(`opslake ${stage.args.join(' ')} exited ${run.exitCode}:\n${run.stderr.slice(-4000)}`);
      }
      if (stage.name === 'generate') rows = Number((JSON.parse(run.stdout) as { rows: number }).rows);
      const lake = directoryFigures(ws.lakeDir);
      figures.push({ name: stage.name, run, lakeFiles: lake.files, lakeBytes: lake.bytes });
    }
    const duckdbSeconds = await duckdbBaselineSeconds(join(home, 'landing'), mkdtempSync(join(home, 'duckdb-')));
    return { scale, rows, stages: figures, duckdbSeconds };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function print(result: ScaleFigures, first: ScaleFigures): void {
  const lines = [`scale ${result.scale}×: ${result.rows.toLocaleString('en')} generated rows`];
  for (const stage of result.stages) {
    const base = first.stages.find((s) => s.name === stage.name);
    const perRowGrowth =
      base && result !== first
        ? ` · time per row ${(stage.run.seconds / result.rows / (base.run.seconds / first.rows)).toFixed(2)}× of ${first.scale}×` +
          ` · peak RSS ${(stage.run.peakRssMiB / base.run.peakRssMiB).toFixed(2)}× of ${first.scale}×`
        : '';
    lines.push(
      `  ${stage.name.padEnd(9)} ${stage.run.seconds.toFixed(1).padStart(7)} s  peak RSS ${stage.run.peakRssMiB.toFixed(0).padStart(5)} MiB  ` +
        `lake ${stage.lakeFiles.toLocaleString('en')} files, ${mib(stage.lakeBytes)} MiB${perRowGrowth}`,
    );
  }
  const ingest = result.stages.find((s) => s.name === 'ingest');
  if (ingest) {
    lines.push(
      `  baseline: DuckDB CSV → Parquet of every feed, 1 thread, this process: ${result.duckdbSeconds.toFixed(1)} s; ` +
        `ratio opslake ingest / baseline: ${(ingest.run.seconds / result.duckdbSeconds).toFixed(1)}×`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const bench: BenchModule = {
  title: 'the whole pipeline at the demo volume and at a multiple (generate → ingest → compact → build → KPI query)',
  async run() {
    const scales = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
    const sites = process.env.BENCH_SCALE_SITES ?? '4';
    const days = process.env.BENCH_SCALE_DAYS ?? '365';
    process.stdout.write(`${sites} sites × ${days} days at scales ${scales.join(', ')}\n`);
    let first: ScaleFigures | undefined;
    for (const scale of scales) {
      const result = await runScale(scale, sites, days);
      first ??= result;
      print(result, first);
    }
  },
};

export default bench;
