/**
 * `opslake build` on one small generated workspace (1 site, 35 days from 2026-01-01 — a whole
 * month and part of the next), shared by every test here because a full dbt build costs minutes:
 * - `--select` builds just the node selected;
 * - a build with nothing changed since the last is skipped; other options or `--force` run dbt;
 * - a full build prints a progress line per node while dbt runs (read here from the pipe), builds
 *   into a copy so `opslake sql` answers from the last build meanwhile, refuses a second build,
 *   and swaps the new warehouse in when it has finished;
 * - every example query of docs/bi.md runs against the built warehouse and returns rows;
 * - `--vars` reaches dbt (last: it narrows dim_date).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_LOCK } from '../../functions/local/build-lock.js';
import { BUILDING_FILE } from '../../functions/local/warehouse-swap.js';
import { repoRoot } from '../../functions/local/workspace.js';
import type { WorkspaceStatus } from '../../functions/local/workspace-status.js';
import { contracts } from '../../schemas/index.js';
import { type CliRun, OPSLAKE_BIN, runOpslake, runOpslakeAsync } from '../support/cli.js';

let root: string;
let home: string;
let firstBuild: CliRun;
/** The overlapping build, stopped if a test fails before it ends. */
let running: ChildProcess | undefined;

const BAD_RETURNS = `return_id,site_id,order_id,sku,quantity,reason,received_at,dispositioned_at,disposition
RTX1,S1,O-X1,SKU-A,1,damaged,2026-01-20T10:00:00-06:00,,
RTX2,S1,O-X2,SKU-A,lots,damaged,2026-01-20T11:00:00-06:00,,
`;

/** `[ 23/456] model stg_wms__order_events 4.7 s` */
const PROGRESS = /^\[ *\d+\/\d+\] (model|test|seed|snapshot|unit_test|operation) \S+( \d+\.\d s)?( [A-Z-]+)?$/;

function sql<T>(query: string): T[] {
  const run = runOpslake(home, 'sql', query, '--json');
  if (run.code !== 0) throw new Error(`opslake sql failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T[];
}

const tables = () =>
  sql<{ t: string }>(
    "select table_schema || '.' || table_name as t from information_schema.tables where table_catalog = current_database() order by t",
  ).map((r) => r.t);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'opslake-build-'));
  home = join(root, 'home');
  const landing = join(root, 'landing');
  const gen = runOpslake(
    undefined,
    'generate',
    '--sites',
    '1',
    '--days',
    '35',
    '--start',
    '2026-01-01',
    '--out',
    landing,
  );
  expect(gen.code, gen.stderr).toBe(0);
  const ingest = runOpslake(home, 'ingest', landing, '--quiet');
  expect(ingest.code, ingest.stderr).toBe(0);
  // One returns file with a row that is not a number, for `status` to count in quarantine.
  const extra = join(root, 'extra');
  mkdirSync(join(extra, 'wms/returns'), { recursive: true });
  writeFileSync(join(extra, 'wms/returns/S1_2026-01-20.csv'), BAD_RETURNS);
  const partial = runOpslake(home, 'ingest', extra, '--quiet');
  expect(partial.code, partial.stderr).toBe(0);
  firstBuild = runOpslake(home, 'build', '--select', 'stg_tms__shipments', '--quiet', '--json');
}, 600_000);

afterAll(async () => {
  if (running && running.exitCode === null) {
    const ended = new Promise((resolve) => running?.once('exit', resolve));
    running.kill('SIGINT');
    await ended;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('opslake build', () => {
  it('--select stg_tms__shipments builds just that model and its tests', () => {
    expect(firstBuild.code, firstBuild.stderr).toBe(0);
    const summary = JSON.parse(firstBuild.stdout) as { published: boolean; counts: Record<string, number> };
    expect(summary.published).toBe(true);
    const results = JSON.parse(readFileSync(join(home, 'dbt-target/run_results.json'), 'utf8')) as {
      results: { unique_id: string }[];
    };
    const ids = results.results.map((r) => r.unique_id);
    expect(ids.filter((id) => id.startsWith('model.'))).toEqual(['model.opslake.stg_tms__shipments']);
    const tests = ids.filter((id) => id.startsWith('test.'));
    expect(tests.length).toBeGreaterThan(0);
    for (const id of tests) expect(id).toContain('stg_tms__shipments');
    const built = tables();
    expect(built).toContain('main.stg_tms__shipments');
    // kpi_data_quality is written by the on-run-end hook of every build.
    const models = built.filter((t) => /\.(stg|int|fct|dim|kpi)_/.test(t) && t !== 'main.kpi_data_quality');
    expect(models).toEqual(['main.stg_tms__shipments']);
  });

  it('prints progress while dbt runs, serves readers the last build meanwhile, refuses a second build, swaps in at the end', async () => {
    const before = tables();
    const child = spawn(process.execPath, [OPSLAKE_BIN, 'build', '--home', home], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running = child;
    let exited = false;
    const exit = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exited = true;
        resolve(code);
      }),
    );
    const lines: string[] = [];
    const firstProgress = new Promise<string>((resolve) => {
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
        lines.push(line);
        if (PROGRESS.test(line)) resolve(line);
      });
    });
    await Promise.race([firstProgress, exit]);
    // A progress line came through the pipe before dbt finished.
    expect(exited, lines.join('\n')).toBe(false);

    const reader = await runOpslakeAsync(home, 'sql', 'select count(*) as n from stg_tms__shipments', '--json');
    expect(reader.code, reader.stderr).toBe(0);
    expect((JSON.parse(reader.stdout) as { n: number }[])[0]?.n).toBeGreaterThan(0);
    const during = await runOpslakeAsync(
      home,
      'sql',
      "select table_schema || '.' || table_name as t from information_schema.tables where table_catalog = current_database() order by t",
      '--json',
    );
    expect((JSON.parse(during.stdout) as { t: string }[]).map((r) => r.t)).toEqual(before);

    const second = await runOpslakeAsync(home, 'build', '--select', 'stg_tms__carriers');
    expect(second.code).toBe(3);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(/^opslake build: a build is already running in .+ \(process \d+, started .+\): wait/);
    // Both answered while the first build was still running.
    expect(exited).toBe(false);

    expect(await exit, lines.slice(-20).join('\n')).toBe(0);
    const progress = lines.filter((l) => PROGRESS.test(l));
    expect(progress.length).toBeGreaterThan(100);
    expect(lines.join('\n')).not.toContain('\u001b[');
    expect(lines.find((l) => l.startsWith('dbt build:'))).toMatch(/^dbt build: .* in \d+\.\d s; warehouse updated$/);
    expect(tables()).toEqual(expect.arrayContaining(['main.kpi_monthly', 'main.stg_wms__order_events']));
    expect(existsSync(join(home, BUILDING_FILE))).toBe(false);
    expect(existsSync(join(home, BUILD_LOCK))).toBe(false);
  }, 900_000); // a full dbt build: minutes on a loaded 2-core machine

  it('runs every example query of docs/bi.md, each returning rows', () => {
    const doc = readFileSync(join(repoRoot, 'docs/bi.md'), 'utf8');
    const queries = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const query of queries) {
      const rows = sql<Record<string, unknown>>(query);
      expect(rows.length, query).toBeGreaterThan(0);
    }
  });

  it('status shows each feed with its last ingest, freshness and quarantined rows, and the last build', () => {
    const run = runOpslake(home, 'status', '--json');
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as WorkspaceStatus;
    expect(status.feeds.map((f) => f.feed)).toEqual(contracts.map((c) => c.id));
    const feed = (id: string) => status.feeds.find((f) => f.feed === id);
    expect(feed('tms/shipments')).toMatchObject({ freshness: 'fresh', filesRejected: 0, rowsQuarantined: 0 });
    expect(Date.parse(feed('tms/shipments')?.lastIngest ?? '')).toBeGreaterThan(Date.now() - 3_600_000);
    expect(feed('wms/returns')?.rowsQuarantined).toBe(1);
    expect(status.feeds.reduce((n, f) => n + f.rowsQuarantined, 0)).toBe(1);
    expect(status.lastBuild?.tests.pass).toBeGreaterThan(100);
    expect(status.lastBuild?.models.success).toBeGreaterThan(10);
    expect(status.buildRunning).toBeNull();
    const text = runOpslake(home, 'status');
    expect(text.stdout).toMatch(
      /\nlast build \d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+ s: models \d+ success.*; tests \d+ pass/,
    );
    expect(text.stdout).toMatch(
      /\nwms\/returns +daily +\d{4}-\d\d-\d\d \d\d:\d\d UTC +\d+\.\d h +fresh +\d+ +0 +\d+ +1\n/,
    );
    expect(text.stdout).toContain('\nquarantined rows: 1 in 1 feed(s)');
  });

  it('skips a build when nothing it reads changed since the last, and runs one when options change or --force', () => {
    const identity = (path: string) => {
      const stat = statSync(path, { bigint: true });
      return `${stat.ino}:${stat.mtimeNs}`;
    };
    const warehouse = join(home, 'warehouse.duckdb');
    const runResults = join(home, 'dbt-target/run_results.json');
    const built = { warehouse: identity(warehouse), runResults: identity(runResults) };
    const build = (...args: string[]) => {
      const run = runOpslake(home, 'build', ...args, '--quiet', '--json');
      expect(run.code, run.stderr).toBe(0);
      return { ...(JSON.parse(run.stdout) as { upToDate: boolean; published: boolean }), stderr: run.stderr };
    };
    const again = build();
    expect(again).toMatchObject({ upToDate: true, published: false });
    expect(again.stderr).toMatch(
      /^dbt build: nothing changed since the build of \d{4}-\d\d-\d\d \d\d:\d\d UTC .*--force to run dbt anyway\. That build: .*warehouse updated$/m,
    );
    // dbt did not run: neither the warehouse nor dbt's run results were touched.
    expect({ warehouse: identity(warehouse), runResults: identity(runResults) }).toEqual(built);
    expect(build('--select', 'stg_tms__carriers')).toMatchObject({ upToDate: false, published: true });
    expect(build('--select', 'stg_tms__carriers')).toMatchObject({ upToDate: true, published: false });
    expect(build('--select', 'stg_tms__carriers', '--force')).toMatchObject({ upToDate: false, published: true });
  }, 600_000);

  it('--vars reaches dbt: a narrower calendar gives a shorter dim_date', () => {
    const [full] = sql<{ n: number }>('select count(*) as n from dim_date');
    expect(full?.n).toBeGreaterThan(365);
    const build = runOpslake(
      home,
      'build',
      '--select',
      'dim_date',
      '--vars',
      '{calendar_start: "2026-01-01", calendar_end: "2026-01-11"}',
      '--quiet',
    );
    expect(build.code, build.stderr).toBe(0);
    const [narrow] = sql<{ n: number; first: string; last: string }>(
      'select count(*) as n, min(date_day)::varchar as first, max(date_day)::varchar as last from dim_date',
    );
    expect(narrow).toEqual({ n: 10, first: '2026-01-01', last: '2026-01-10' });
  });
});
