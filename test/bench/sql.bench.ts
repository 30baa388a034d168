/**
 * `npm run bench sql`: `opslake sql` start-to-first-row on the demo warehouse next to DuckDB's own
 * time for the same query in this process, and the peak RSS of a full `fct_order_events` CSV
 * export. Needs a built demo workspace: `make demo` (or OPSLAKE_HOME pointing at one).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../functions/local/workspace.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { queryAll } from '../../functions/query/engine.js';
import type { BenchModule } from './index.js';
import { runMeasured } from './peak-memory.js';

const QUERY = 'select * from kpi_monthly limit 10';
const RUNS = 3;
const cli = join(repoRoot, 'functions/cli/opslake.mjs');

/** Milliseconds from spawning `opslake sql` to its first byte of output. */
function firstRowMillis(home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'sql', QUERY, '--home', home], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let first: number | undefined;
    child.stdout.once('data', () => {
      first = performance.now() - started;
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && first !== undefined ? resolve(first) : reject(new Error(`exit ${code}`)),
    );
  });
}

/**
 * The floor under any `opslake sql`: a bare Node start, and one that only loads DuckDB's native
 * module (libduckdb.so is ~70 MB), opens the warehouse read-only and prints the query's first row.
 */
function floorMillis(home: string): { node: number; duckdbImport: number; duckdbFirstRow: number } {
  const time = (args: string[]) => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')}: ${run.stderr}`);
    return performance.now() - started;
  };
  const firstRow = [
    "const { DuckDBInstance } = await import('@duckdb/node-api');",
    `const db = await DuckDBInstance.create(${JSON.stringify(join(home, 'warehouse.duckdb'))}, { access_mode: 'READ_ONLY' });`,
    `const r = await (await db.connect()).runAndReadAll(${JSON.stringify(QUERY)});`,
    'console.log(r.getRows()[0]);',
  ].join(' ');
  const runs = (args: string[]) => median(Array.from({ length: RUNS }, () => time(args)));
  return {
    node: runs(['-e', '']),
    duckdbImport: runs(['--input-type=module', '-e', "await import('@duckdb/node-api')"]),
    duckdbFirstRow: runs(['--input-type=module', '-e', firstRow]),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const bench: BenchModule = {
  title: 'opslake sql: start-to-first-row vs DuckDB in-process; CSV export peak memory',
  async run() {
    const home = process.env.OPSLAKE_HOME ?? join(repoRoot, '.opslake');
    const warehouse = join(home, 'warehouse.duckdb');
    if (!existsSync(warehouse)) throw new Error(`no warehouse at ${warehouse}: run \`make demo\` first`);
    const engine = await DuckDBEngine.open(warehouse);
    const duckdb: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await queryAll(engine, QUERY);
      duckdb.push(performance.now() - started);
    }
    await engine.close();
    const cliTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) cliTimes.push(await firstRowMillis(home));
    const base = median(duckdb);
    const ours = median(cliTimes);
    const floor = floorMillis(home);
    process.stdout.write(
      `${QUERY}\n  DuckDB in-process ${base.toFixed(1)} ms; opslake sql start-to-first-row ${ours.toFixed(0)} ms (${(ours / base).toFixed(0)}×, medians of ${RUNS}; goal < 1000 ms)\n` +
        `  floor: node -e '' ${floor.node.toFixed(0)} ms; + import('@duckdb/node-api') ${floor.duckdbImport.toFixed(0)} ms; + open and first row ${floor.duckdbFirstRow.toFixed(0)} ms — opslake adds ${(ours - floor.duckdbFirstRow).toFixed(0)} ms\n`,
    );
    const exported = await runMeasured(process.execPath, [
      cli,
      'sql',
      '--format',
      'csv',
      'select * from fct_order_events',
      '--home',
      home,
    ]);
    const rows = exported.stdout.split('\r\n').length - 2;
    process.stdout.write(
      `  CSV of fct_order_events: ${rows.toLocaleString('en')} rows, ${(exported.stdout.length / 2 ** 20).toFixed(0)} MiB in ${exported.seconds.toFixed(1)} s, peak RSS ${exported.peakRssMiB.toFixed(0)} MiB\n`,
    );
  },
};
export default bench;
