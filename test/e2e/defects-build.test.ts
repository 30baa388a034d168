/**
 * A bad feed file never blanks the warehouse (docs/transforms.md, "Which checks stop a build"):
 * `opslake generate --defects` → ingest → build exits 0 with every KPI table built, the build lists
 * the failing checks, and kpi_data_quality names each with the KPIs whose parts are computed from
 * the model it tested. Only checks that guard a key (a duplicate would double-count) are errors.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpslake } from '../support/cli.js';

let root: string;
let home: string;
let build: ReturnType<typeof runOpslake>;

const sql = <T>(query: string): T[] => {
  const run = runOpslake(home, 'sql', query, '--json');
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as T[];
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'opslake-defects-build-'));
  home = join(root, 'home');
  const landing = join(root, 'landing');
  const generate = runOpslake(
    undefined,
    'generate',
    '--sites',
    '2',
    '--days',
    '35',
    '--seed',
    '7',
    '--out',
    landing,
    '--defects',
  );
  expect(generate.code, generate.stderr).toBe(0);
  // The treasury's February rates never arrive: S2 books EUR, so its February money cannot be
  // translated into the reporting currency (USD). Both directions: a month quoted only from USD
  // into EUR would translate EUR at the reciprocal (int_fx_rates_to_reporting).
  for (const from of ['EUR', 'USD']) rmSync(join(landing, `reference/fx_rates/${from}_2025-02.csv`));
  // Ingest exits non-zero because the defects include a file rejected whole; the rest loads.
  const ingest = runOpslake(home, 'ingest', landing);
  expect([0, 1], ingest.stderr).toContain(ingest.code);
  build = runOpslake(home, 'build', '--quiet');
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('opslake generate --defects → ingest → build', () => {
  it('exits 0', () => {
    expect(build.code, build.stdout + build.stderr).toBe(0);
  });

  it('builds every KPI table', () => {
    for (const table of ['kpi_registry', 'kpi_daily', 'kpi_monthly', 'kpi_on_time_delivery_daily']) {
      const [row] = sql<{ n: number }>(`select count(*) as n from ${table}`);
      expect(row?.n, table).toBeGreaterThan(0);
    }
    const kpis = sql<{ kpi: string }>('select distinct kpi from kpi_monthly');
    const registry = sql<{ kpi: string }>('select kpi from kpi_registry');
    expect(kpis.length).toBeGreaterThan(registry.length / 2);
  });

  it('lists the failing checks, and kpi_data_quality flags the KPIs built on what they tested', () => {
    const warned = [...`${build.stdout}\n${build.stderr}`.matchAll(/^\s+warn: test\.opslake\.([^.\s]+)/gm)].map(
      (m) => m[1],
    );
    expect(warned.length).toBeGreaterThan(0);
    const flags = sql<{ kpi: string | null; check_name: string; check_status: string; failures: number }>(
      'select kpi, check_name, check_status, failures from kpi_data_quality',
    );
    expect([...new Set(flags.map((f) => f.check_name))].sort()).toEqual([...new Set(warned)].sort());
    for (const f of flags) {
      expect(f.check_status).toBe('warn');
      expect(f.failures).toBeGreaterThan(0);
    }
    const registry = new Set(sql<{ kpi: string }>('select kpi from kpi_registry').map((r) => r.kpi));
    for (const f of flags) if (f.kpi !== null) expect(registry.has(f.kpi), f.kpi).toBe(true);
    // An order event lost to a rejected row breaks the order lines ↔ ship events reconciliation;
    // the order KPIs (fct_orders is built from those lines) are flagged with that check.
    const reconcile = flags.filter((f) => f.check_name.startsWith('sums_reconcile_fct_order_lines'));
    expect(reconcile.map((f) => f.kpi)).toEqual(expect.arrayContaining(['otif_rate', 'line_fill_rate']));
    // …and KPIs that read nothing of the orders are not.
    expect(reconcile.map((f) => f.kpi)).not.toContain('nps');
  });

  it('keeps a month whose exchange rate is missing out of the money KPIs, flagged, and publishes the rest', () => {
    const flags = sql<{ kpi: string | null }>(
      "select kpi from kpi_data_quality where check_name = 'not_null_int_fx_rates_to_reporting_fx_rate' order by kpi",
    );
    expect(flags.map((f) => f.kpi)).toEqual(['budget_variance_pct', 'cost_per_order', 'vendor_billing_variance_pct']);
    const money = sql<{ site_id: string; month: string; currency: string; booking: string }>(`
      select site_id, cast(month_start as varchar) as month, currency_code as currency, booking_currency_code as booking
      from kpi_monthly where scope_level = 'site' and kpi = 'cost_per_order' order by site_id, month`);
    // S2 (EUR) has January only; S1 (USD) both months.
    expect(money).toEqual([
      { site_id: 'S1', month: '2025-01-01', currency: 'USD', booking: 'USD' },
      { site_id: 'S1', month: '2025-02-01', currency: 'USD', booking: 'USD' },
      { site_id: 'S2', month: '2025-01-01', currency: 'USD', booking: 'EUR' },
    ]);
  });

  it('stops a build only on checks that guard a key; every other check warns', () => {
    const manifest = JSON.parse(readFileSync(join(home, 'dbt-target', 'manifest.json'), 'utf8')) as {
      nodes: Record<string, { resource_type: string; name: string; config: { severity: string } }>;
    };
    const tests = Object.values(manifest.nodes).filter((n) => n.resource_type === 'test');
    expect(tests.length).toBeGreaterThan(100);
    for (const t of tests) {
      const guardsKey = /^(unique|unique_combination_of_columns)_/.test(t.name);
      const targetsUnknownKpi =
        /^relationships_(stg_reference__kpi_targets|int_kpi_targets)_kpi__kpi__ref_kpi_registry_/.test(t.name);
      expect(t.config.severity.toLowerCase(), t.name).toBe(guardsKey || targetsUnknownKpi ? 'error' : 'warn');
    }
  });
});
