/**
 * The data-product columns (functions/products/columns.ts): the cells the dashboard and the report
 * both print, through the registry's value formatter — and the same module as the browser gets it
 * (types stripped by the dashboard's asset server) gives the same cells.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatValue } from '../../functions/charts/format.js';
import * as columns from '../../functions/products/columns.js';
import { sharedModule } from '../../functions/serve/assets.js';

const ctx = columns.cellContext(
  [
    { kpi: 'otif_rate', unit: 'ratio' },
    { kpi: 'dock_to_stock_h', unit: 'hours' },
    { kpi: 'cost_per_order', unit: 'currency' },
  ],
  'USD',
);

describe('product table columns', () => {
  it('prints KPI values of the action register in the KPI’s unit, not raw', () => {
    const row = { site_id: 'S1', kpi: 'otif_rate', kpi_value: 0.94, target_value: 0.975 };
    expect(columns.cellsOf(columns.RED_WITHOUT_ACTION, row, ctx)).toEqual(['S1', 'otif_rate', '94.0%', '97.5%']);
    const hours = { site_id: 'S2', kpi: 'dock_to_stock_h', kpi_value: 26.04, target_value: 24 };
    expect(columns.cellsOf(columns.RED_WITHOUT_ACTION, hours, ctx).slice(2)).toEqual(['26.0', '24.0']);
    // An amount KPI is in the reporting currency (kpi_monthly's), so it says so.
    const cost = { site_id: 'S3', kpi: 'cost_per_order', kpi_value: 331, target_value: 250 };
    expect(columns.cellsOf(columns.RED_WITHOUT_ACTION, cost, ctx).slice(2)).toEqual(['331.00 USD', '250.00 USD']);
    const change = { kpi: 'cost_per_order', before_value: 300, after_value: 280.5, change: -19.5 };
    expect(columns.cellsOf(columns.BEFORE_AFTER, change, ctx).slice(4, 7)).toEqual([
      '300.00 USD',
      '280.50 USD',
      '−19.50 USD',
    ]);
  });

  it('writes a before/after change as a change (pp for rates) and flags an incomplete after window', () => {
    const row = {
      action_id: 'A1',
      site_id: 'S1',
      kpi: 'otif_rate',
      closed_on: '2026-01-31',
      before_value: 0.9,
      after_value: 0.93,
      change: 0.03,
      window_months: 3,
      is_after_complete: false,
    };
    expect(columns.cellsOf(columns.BEFORE_AFTER, row, ctx).slice(4)).toEqual([
      '90.0%',
      '93.0%',
      '+3.0 pp',
      '3 (after incomplete)',
    ]);
  });

  it('puts the row’s currency after every amount and a dash for a missing value', () => {
    const row = {
      vendor_id: 'V1',
      invoice_id: 'INV-1',
      line_number: 2,
      site_id: 'S1',
      activity: 'picks',
      dispute_reason: 'rate_above_contract',
      billed_amount: 120.5,
      expected_amount: null,
      amount_variance: -4.25,
      currency_code: 'EUR',
    };
    expect(columns.cellsOf(columns.DISPUTES, row, ctx).slice(6)).toEqual(['120.50 EUR', '–', '−4.25 EUR']);
  });

  it('has as many headers as cells in every table, and distinct table ids', () => {
    const tables = Object.values(columns).filter(
      (v): v is columns.ProductTable => typeof v === 'object' && v !== null && 'columns' in v,
    );
    expect(tables.length).toBe(10);
    expect(new Set(tables.map((t) => t.id)).size).toBe(tables.length);
    for (const t of tables) expect(columns.cellsOf(t, {}, ctx)).toHaveLength(columns.headersOf(t).length);
  });

  it('formats a rate as the KPI tiles do', () => {
    const row = { site_id: 'S1', days_scored: 40, mape: 0.0812, bias_pct: -0.005 };
    expect(columns.cellsOf(columns.BACKTEST, row, ctx)).toEqual([
      'S1',
      '40',
      formatValue(0.0812, 'ratio'),
      formatValue(-0.005, 'ratio'),
    ]);
  });
});

describe('the columns module as the dashboard serves it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opslake-columns-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs without its types and gives the same cells', async () => {
    // Laid out as the page's URLs are (/products/columns.js, /charts/format.js), so its import resolves.
    for (const [folder, name] of [
      ['products', 'columns'],
      ['charts', 'format'],
    ] as const) {
      const asset = await sharedModule(folder, name);
      expect(asset, `${folder}/${name}`).not.toBeNull();
      await mkdir(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, `${name}.js`), String(asset?.body));
    }
    const served = (await import(pathToFileURL(join(dir, 'products', 'columns.js')).href)) as typeof columns;
    const row = { site_id: 'S1', kpi: 'otif_rate', kpi_value: 0.94, target_value: null };
    expect(
      columns.cellsOf(served.RED_WITHOUT_ACTION, row, served.cellContext([{ kpi: 'otif_rate', unit: 'ratio' }], 'USD')),
    ).toEqual(['S1', 'otif_rate', '94.0%', '–']);
    expect(sharedModule('products', 'queries')).toBeNull();
  });
});
