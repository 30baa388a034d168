/**
 * `opslake demo` end to end on a small span of the full operations generator: every feed is
 * generated, ingested without a rejected row, built by dbt with all tests green, and the summary
 * carries a value per site for the KPIs with data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KpiSummary } from '../../functions/local/kpi-summary.js';
import { runOpslake } from '../support/cli.js';

const home = mkdtempSync(join(tmpdir(), 'opslake-demo-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('opslake demo', () => {
  it('generates, ingests, builds and summarises every site', () => {
    const run = runOpslake(home, 'demo', '--sites', '2', '--days', '10', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/rows: (\d+) in = \1 valid \+ 0 rejected/);
    const summary = JSON.parse(run.stdout) as KpiSummary;
    expect(summary.month).toBe('2025-01-01');
    expect(summary.wholeMonth).toBe(false);
    expect(summary.sites).toEqual(['S1', 'S2']);
    const onTime = summary.rows.find((r) => r.kpi === 'on_time_delivery_rate');
    for (const column of ['S1', 'S2', 'company']) {
      const value = onTime?.cells[column]?.value;
      expect(value, column).toBeTypeOf('number');
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // Every domain reaches the summary: fulfilment, transport, warehouse, workforce, finance, service.
    const withData = summary.rows.filter((r) => typeof r.cells.company?.value === 'number').map((r) => r.kpi);
    expect(withData).toEqual(
      expect.arrayContaining([
        'units_shipped',
        'otif_rate',
        'order_to_ship_h',
        'dock_to_stock_h',
        'inventory_record_accuracy',
        'overtime_rate',
        'units_per_labor_hour',
        'turnover_rate',
        'cost_per_order',
        'vendor_billing_variance_pct',
        'nps',
      ]),
    );
  });
});
