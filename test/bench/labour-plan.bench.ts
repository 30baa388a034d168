/**
 * `npm run bench labour-plan`: the labour plan's demand forecast backtested on generated data (the
 * demo's 4 sites × 365 days; BENCH_PLAN_SITES / BENCH_PLAN_DAYS to change): per site the MAPE and
 * bias of the last 8 weeks forecast from 8 weeks before the as-of day (forecast_backtest), next to
 * a seasonal-naive baseline on the same days (each weekday = its value in the last week before the
 * origin) — the ratio says what the level × weekday-profile model buys over repeating last week.
 * Accuracy is reported here, never asserted in a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryStore } from '../../functions/core/storage/local-directory.js';
import { generateOperations } from '../../functions/generator/operations.js';
import { repoRoot } from '../../functions/local/workspace.js';
import type { BenchModule } from './index.js';

function cli(args: string[], home: string): string {
  const run = spawnSync(process.execPath, [join(repoRoot, 'functions/cli/opslake.mjs'), ...args, '--home', home], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DBT_INDIRECT_SELECTION: 'cautious' },
  });
  if (run.status !== 0) throw new Error(`opslake ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

interface SiteAccuracy {
  site_id: string;
  origin_date: string;
  days_scored: number;
  mape: number;
  bias_pct: number;
  naive_mape: number;
}

const ACCURACY = `
  with naive as (
    select b.site_id, b.date_day, b.actual_units, h.units_picked as naive_units
    from forecast_backtest_daily b
    join int_labour_plan__daily_history h
      on h.site_id = b.site_id
     and h.date_day = b.origin_date - 7 + cast(date_diff('day', b.origin_date, b.date_day) % 7 as integer)
  )
  select f.site_id, cast(f.origin_date as varchar) as origin_date, f.days_scored, f.mape, f.bias_pct,
         avg(abs(n.naive_units - n.actual_units) / n.actual_units) filter (where n.actual_units > 0) as naive_mape
  from forecast_backtest f join naive n on n.site_id = f.site_id
  group by all order by f.site_id`;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

const bench: BenchModule = {
  title: 'labour plan: the demand forecast backtested (MAPE) vs a seasonal-naive baseline',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'opslake-bench-plan-'));
    try {
      const sites = Number(process.env.BENCH_PLAN_SITES ?? 4);
      const days = Number(process.env.BENCH_PLAN_DAYS ?? 365);
      const landing = join(home, 'landing-in');
      const feeds = ['reference/sites', 'wms/order_events', 'wfm/timecards', 'wfm/shift_schedule'];
      await generateOperations(new LocalDirectoryStore(landing), { sites, days, seed: 42, feeds });
      cli(['ingest', landing, '--quiet'], home);
      const started = performance.now();
      cli(['build', '--quiet', '--select', '+forecast_backtest', '+labour_plan_weekly'], home);
      const buildSeconds = (performance.now() - started) / 1000;
      const rows = JSON.parse(cli(['sql', ACCURACY, '--json'], home)) as SiteAccuracy[];
      const lines = rows.map(
        (r) =>
          `${r.site_id}: backtest from ${r.origin_date}, ${r.days_scored} days scored — MAPE ${pct(r.mape)} (bias ${pct(r.bias_pct)}); seasonal naive ${pct(r.naive_mape)} (${(r.mape / r.naive_mape).toFixed(2)}×)`,
      );
      const mean = (f: (r: SiteAccuracy) => number) => rows.reduce((s, r) => s + f(r), 0) / Math.max(1, rows.length);
      process.stdout.write(
        [
          `data: ${sites} sites × ${days} days (seed 42); plan + backtest models built in ${buildSeconds.toFixed(1)} s`,
          ...lines,
          `mean over sites: MAPE ${pct(mean((r) => r.mape))}, seasonal naive ${pct(mean((r) => r.naive_mape))}`,
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
};

export default bench;
