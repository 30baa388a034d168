/**
 * The labour plan on a hand-made fixture (./landing): the daily and weekly plan against the
 * schedule, and the forecast's backtest, equal the rows worked out by hand in ./expected.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../../../functions/local/workspace.js';
import { buildProduct, expectRows, type ProductWorkspace } from '../support.js';
import { backtest, backtestDaily, planDaily, planWeekly, VARS } from './expected.js';

let ws: ProductWorkspace;

beforeAll(() => {
  ws = buildProduct(
    join(repoRoot, 'test/products/labour-plan/landing'),
    ['+labour_plan_weekly', '+forecast_backtest'],
    {
      vars: VARS,
    },
  );
}, 600_000);

afterAll(() => ws?.dispose());

describe('labour plan fixture', () => {
  it('plans each day: forecast, required and scheduled direct hours, gap', () => {
    expectRows(ws.sql("select * from labour_plan_daily where site_id = 'S1'"), planDaily, ['date_day']);
  });

  it('sums the gap per week, only where the schedule covers the whole week', () => {
    expectRows(ws.sql("select * from labour_plan_weekly where site_id = 'S1'"), planWeekly, ['week_start']);
  });

  it('backtests the forecast on the last horizon of history', () => {
    expectRows(ws.sql("select * from forecast_backtest_daily where site_id = 'S1'"), backtestDaily, ['date_day']);
    expectRows(ws.sql("select * from forecast_backtest where site_id = 'S1'"), backtest, ['origin_date']);
  });
});
