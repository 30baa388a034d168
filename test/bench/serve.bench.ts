/**
 * `npm run bench serve`: the dashboard's JSON API, the data products' endpoints included, on the
 * demo warehouse — p50/p95 per endpoint over loopback HTTP (goal: p95 < 100 ms) next to the raw
 * DuckDB time of the same statements. The dashboard runs in this process on an engine that records what each request runs; those
 * statements are then timed alone on a bare @duckdb/node-api connection, so the gap between the two
 * columns is what opslake adds (validation, the query module, JSON, HTTP). Needs a built demo
 * workspace: `make demo` (or OPSLAKE_HOME pointing at one). `first` is each endpoint's first request,
 * which computes its answer; the runs after it are answered from the build's response cache.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KpiDefinition } from '../../functions/kpis/index.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import type { DashboardMeta } from '../../functions/serve/app.js';
import { startDashboard } from '../../functions/serve/server.js';
import type { BenchModule } from './index.js';
import { percentile, RecordingEngine, rawDuckDB, type Statement, timeStatements } from './recording-engine.js';

const RUNS = Number(process.env.BENCH_SERVE_RUNS ?? 30);
const WARMUP = 3;
const GOAL_P95_MS = 100;

/** The requests the page makes, with parameters like a site lead's month review. */
function endpoints(meta: DashboardMeta): [string, string][] {
  const month = meta.defaultMonth;
  if (!month) throw new Error('the demo warehouse has no KPI month');
  const site = meta.dimensions.sites[0]?.siteId ?? 'S1';
  const withBreakdown = meta.registry.find((k: KpiDefinition) => k.breakdown !== 'all')?.kpi ?? 'cost_per_order';
  const from = `${month}-01`;
  const to = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const yearAgo = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}-01`;
  // The month's first Monday: the week view recomputes from the daily parts.
  const first = new Date(`${from}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() + ((8 - first.getUTCDay()) % 7));
  const monday = first.toISOString().slice(0, 10);
  const otd = '/api/kpis/on_time_delivery_rate';
  return [
    ['meta', '/api/meta'],
    ['scorecard company month', `/api/scorecard?month=${month}`],
    ['scorecard site month', `/api/scorecard?scope=site:${site}&month=${month}`],
    ['scorecard company week', `/api/scorecard?week=${monday}`],
    ['trend day (site, month)', `${otd}/trend?scope=site:${site}&grain=day&from=${from}&to=${to}`],
    ['trend week (company, year)', `${otd}/trend?grain=week&from=${yearAgo}&to=${to}`],
    ['trend month (company, year)', `${otd}/trend?grain=month&from=${yearAgo}&to=${to}`],
    ['sites', `${otd}/sites?month=${month}`],
    [`breakdown (${withBreakdown})`, `/api/kpis/${withBreakdown}/breakdown?month=${month}`],
    ['rows (site, day, page 1)', `${otd}/rows?scope=site:${site}&from=${from}&to=${from}`],
    ['rows (company, month, sorted desc)', `${otd}/rows?from=${from}&to=${to}&sort=shipment_id&order=desc`],
    ['rows.csv (site, day)', `${otd}/rows.csv?scope=site:${site}&from=${from}&to=${from}`],
    ['quality (audit cached)', '/api/quality'],
    // The data products page (/products): its four reads and the CSV exports.
    ['products bill audit (company)', `/api/products/bill-audit?month=${month}`],
    ['products scorecards (site)', `/api/products/scorecards?scope=site:${site}&month=${month}`],
    ['products actions (company)', `/api/products/actions?month=${month}`],
    ['products labour plan (company)', '/api/products/labour-plan'],
    ['products disputes.csv (company)', `/api/products/disputes.csv?month=${month}`],
    ['products carrier-scorecard.csv (site)', `/api/products/carrier-scorecard.csv?scope=site:${site}&month=${month}`],
  ];
}

async function timeRequest(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - started;
}

const ms = (v: number) => v.toFixed(1).padStart(7);

const bench: BenchModule = {
  title: 'opslake serve: JSON API p50/p95 per endpoint vs raw DuckDB for the same statements',
  async run() {
    const home = process.env.OPSLAKE_HOME ?? join(repoRoot, '.opslake');
    const warehouse = join(home, 'warehouse.duckdb');
    if (!existsSync(warehouse)) throw new Error(`no warehouse at ${warehouse}: run \`make demo\` first`);
    const recorders: RecordingEngine[] = [];
    const openEngine = async (path: string) => {
      const engine = new RecordingEngine(await DuckDBEngine.open(path));
      recorders.push(engine);
      return engine;
    };
    const startedAt = performance.now();
    const dashboard = await startDashboard({ home, port: 0, openEngine });
    process.stdout.write(`dashboard up in ${(performance.now() - startedAt).toFixed(0)} ms on ${home}\n`);
    const duckdb = await rawDuckDB(warehouse);
    const raw = duckdb.connection;
    try {
      // The first data-quality read scans the audit log (one Parquet file per attempt): timed once.
      process.stdout.write(
        `quality, first read (audit scan): ${(await timeRequest(`${dashboard.url}/api/quality`)).toFixed(0)} ms\n`,
      );
      process.stdout.write(
        `${'endpoint'.padEnd(40)} ${'first'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}   ${'duckdb p50'.padStart(10)} ${'p95'.padStart(7)}  stmts  (ms, ${RUNS} runs)\n`,
      );
      let worst = 0;
      let worstCold = 0;
      for (const [name, path] of endpoints(dashboard.meta)) {
        const url = dashboard.url + path;
        const log: Statement[] = [];
        for (const r of recorders) r.log = log;
        // The first request computes; the dashboard keeps each build's answers (response-cache.ts),
        // so the runs after it are what a review clicking back and forth sees.
        const cold = await timeRequest(url);
        for (const r of recorders) r.log = null;
        for (let i = 1; i < WARMUP; i++) await timeRequest(url);
        const api: number[] = [];
        for (let i = 0; i < RUNS; i++) api.push(await timeRequest(url));
        for (let i = 0; i < WARMUP; i++) await timeStatements(raw, log);
        const duck: number[] = [];
        for (let i = 0; i < RUNS; i++) duck.push(await timeStatements(raw, log));
        const p95 = percentile(api, 95);
        worst = Math.max(worst, p95);
        worstCold = Math.max(worstCold, cold);
        process.stdout.write(
          `${name.padEnd(40)} ${ms(cold)} ${ms(percentile(api, 50))} ${ms(p95)}   ${ms(percentile(duck, 50)).padStart(10)} ${ms(percentile(duck, 95))}  ${String(log.length).padStart(5)}${p95 >= GOAL_P95_MS ? '  over the 100 ms goal' : ''}\n`,
        );
      }
      process.stdout.write(
        `worst p95 ${worst.toFixed(1)} ms (goal < ${GOAL_P95_MS} ms); worst first (uncached) request ${worstCold.toFixed(0)} ms\n`,
      );
    } finally {
      duckdb.close();
      await dashboard.close();
    }
  },
};
export default bench;
