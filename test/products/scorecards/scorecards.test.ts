/**
 * The carrier and vendor scorecards on a hand-made fixture (./landing): every row equals the one
 * worked out by hand in ./expected.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../../../functions/local/workspace.js';
import { buildProduct, expectRows, type ProductWorkspace } from '../support.js';
import { carriers, vendors } from './expected.js';

let ws: ProductWorkspace;

beforeAll(() => {
  ws = buildProduct(join(repoRoot, 'test/products/scorecards/landing'), [
    '+scorecard_carrier_monthly',
    '+scorecard_vendor_monthly',
  ]);
}, 1_200_000); // ingest + the KPI layer dbt builds on: minutes on a loaded 2-core machine

afterAll(() => ws?.dispose());

describe('scorecards fixture', () => {
  it('scores each carrier per site and month', () => {
    expectRows(ws.sql("select * from scorecard_carrier_monthly where site_id = 'S1'"), carriers, [
      'carrier_id',
      'month_start',
    ]);
  });

  it('scores each vendor per site and month', () => {
    expectRows(ws.sql("select * from scorecard_vendor_monthly where site_id = 'S1'"), vendors, [
      'vendor_id',
      'month_start',
    ]);
  });
});
