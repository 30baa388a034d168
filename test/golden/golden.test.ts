/**
 * The golden test: a small hand-made fixture of every feed (test/golden/landing) goes through the
 * real CLI — ingest, dbt build (all models and data tests) — and every KPI row is compared with a
 * value worked out by hand in test/golden/expected/*.ts. For each KPI, the site rows of its own
 * grain must match the expectations exactly: none missing, none extra, no value off.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../functions/local/workspace.js';
import { runOpslake } from '../support/cli.js';
import { expectations } from './expected/index.js';
import type { KpiExpectation } from './expected/types.js';

const landing = join(repoRoot, 'test/golden/landing');
let home: string;

const opslake = (...args: string[]) => runOpslake(home, ...args);

function sql<T>(query: string): T[] {
  const run = opslake('sql', query, '--json');
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as T[];
}

interface KpiRow {
  table: KpiExpectation['table'];
  scope: KpiExpectation['scope'];
  id: string;
  period: string;
  kpi: string;
  breakdown: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  p90: number | null;
  target: number | null;
  status: string | null;
}

interface RegistryRow {
  kpi: string;
  grain: 'daily' | 'monthly';
}

const rowKey = (r: { table: string; scope: string; id: string; period: string; kpi: string; breakdown?: string }) =>
  [r.table, r.scope, r.id, r.period, r.kpi, r.breakdown ?? 'all'].join(' | ');

const tableOf = (grain: RegistryRow['grain']): KpiExpectation['table'] =>
  grain === 'daily' ? 'kpi_daily' : 'kpi_monthly';

describe('golden fixture: every KPI equals the value worked out by hand', () => {
  let actual: Map<string, KpiRow>;
  let registry: RegistryRow[];

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'opslake-golden-'));
    const ingest = opslake('ingest', landing, '--json');
    expect(ingest.code, ingest.stderr).toBe(0);
    const results = JSON.parse(ingest.stdout) as { source_key: string; outcome: string; rows_rejected: number }[];
    const problems = results.filter((r) => r.outcome !== 'loaded' || r.rows_rejected > 0);
    expect(problems, 'the golden fixture must ingest clean').toEqual([]);
    const build = opslake('build', '--quiet');
    expect(build.code, build.stderr).toBe(0);
    const select = (table: string, period: string) => `
      select '${table}' as "table", scope_level as scope, scope_id as id, cast(${period} as varchar) as period,
             kpi, breakdown_value as breakdown, numerator, denominator, kpi_value as value,
             p90_value as p90, target_value as target, status
      from ${table}`;
    const rows = sql<KpiRow>(`${select('kpi_daily', 'kpi_date')} union all ${select('kpi_monthly', 'month_start')}`);
    actual = new Map(rows.map((r) => [rowKey(r), r]));
    registry = sql<RegistryRow>('select kpi, grain from kpi_registry order by kpi');
  }, 600_000); // ingest + a full dbt build: minutes on a loaded 2-core machine

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('builds the docs site with the lineage from sources to the KPI tables', () => {
    const run = opslake('docs', '--json');
    expect(run.code, run.stderr).toBe(0);
    const { site } = JSON.parse(run.stdout) as { site: string };
    expect(existsSync(site)).toBe(true);
    const target = join(home, 'dbt-target');
    const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as {
      parent_map: Record<string, string[]>;
    };
    expect(manifest.parent_map['model.opslake.kpi_daily']).toContain('model.opslake.int_kpi_components_daily');
    expect(manifest.parent_map['model.opslake.stg_tms__shipments']).toContain('source.opslake.tms.shipments');
    const catalog = JSON.parse(readFileSync(join(target, 'catalog.json'), 'utf8')) as {
      nodes: Record<string, { columns: Record<string, unknown> }>;
    };
    expect(Object.keys(catalog.nodes['model.opslake.kpi_monthly']?.columns ?? {})).toContain('numerator');
  });

  it('flags partial months in kpi_monthly with the days the data covers', () => {
    const coverage = sql<{ id: string; month: string; days_in_month: number; days_covered: number; partial: boolean }>(`
      select distinct scope_id as id, cast(month_start as varchar) as month, days_in_month, days_covered,
             is_partial_period as partial
      from kpi_monthly
      where (scope_id, cast(month_start as varchar)) in (('S1', '2026-03-01'), ('S1', '2025-06-01'), ('S3', '2023-12-01'), ('S1', '2025-03-01'))
      order by id, month`);
    expect(coverage).toEqual([
      // S1's daily data runs 2025-03-14 (T8) … 2026-03-08 (SH6 delivered).
      { id: 'S1', month: '2025-03-01', days_in_month: 31, days_covered: 18, partial: true }, // 14th–31st
      { id: 'S1', month: '2025-06-01', days_in_month: 30, days_covered: 30, partial: false },
      { id: 'S1', month: '2026-03-01', days_in_month: 31, days_covered: 8, partial: true }, // 1st–8th
      // S3's data starts on 2023-12-31 (SH10): one day of December.
      { id: 'S3', month: '2023-12-01', days_in_month: 31, days_covered: 1, partial: true },
    ]);
  });

  it('reports money in the reporting currency at every scope, and each site in its own currency too', () => {
    const rows = sql<Record<string, unknown>>(`
      select scope_id as id, kpi, currency_code as currency, booking_currency_code as booking,
             booking_numerator, booking_denominator, booking_kpi_value, cast(fx_rate as double) as fx_rate
      from kpi_monthly
      where month_start = date '2026-03-01' and breakdown_value = 'all'
        and kpi in ('cost_per_order', 'budget_variance_pct', 'on_time_delivery_rate')
        and scope_id in ('S1', 'S3', 'company')
      order by kpi, id`);
    const none = {
      booking: null,
      booking_numerator: null,
      booking_denominator: null,
      booking_kpi_value: null,
      fx_rate: null,
    };
    expect(rows).toEqual([
      // S1 books USD (rate 1); S3 books EUR: −16 of 340 EUR, the same −4.71 % as in USD.
      {
        id: 'S1',
        kpi: 'budget_variance_pct',
        currency: 'USD',
        booking: 'USD',
        booking_numerator: 2,
        booking_denominator: 660,
        booking_kpi_value: (100 * 2) / 660,
        fx_rate: 1,
      },
      {
        id: 'S3',
        kpi: 'budget_variance_pct',
        currency: 'USD',
        booking: 'EUR',
        booking_numerator: -16,
        booking_denominator: 340,
        booking_kpi_value: (100 * -16) / 340,
        fx_rate: 1.085,
      },
      { id: 'company', kpi: 'budget_variance_pct', currency: 'USD', ...none },
      // S3: 324 EUR / 2 orders = 162 EUR per order, shown beside its 175.77 USD.
      {
        id: 'S1',
        kpi: 'cost_per_order',
        currency: 'USD',
        booking: 'USD',
        booking_numerator: 662,
        booking_denominator: 2,
        booking_kpi_value: 331,
        fx_rate: 1,
      },
      {
        id: 'S3',
        kpi: 'cost_per_order',
        currency: 'USD',
        booking: 'EUR',
        booking_numerator: 324,
        booking_denominator: 2,
        booking_kpi_value: 162,
        fx_rate: 1.085,
      },
      { id: 'company', kpi: 'cost_per_order', currency: 'USD', ...none },
      // Not money: no currency at all.
      { id: 'S1', kpi: 'on_time_delivery_rate', currency: null, ...none },
      { id: 'S3', kpi: 'on_time_delivery_rate', currency: null, ...none },
      { id: 'company', kpi: 'on_time_delivery_rate', currency: null, ...none },
    ]);
    // The March rate is used, not February's 1.07; USD translates into itself.
    expect(
      sql(`select currency_code, cast(month_start as varchar) as month, cast(fx_rate as double) as fx_rate, rate_source
           from int_fx_rates_to_reporting order by currency_code, month`),
    ).toEqual([
      { currency_code: 'EUR', month: '2026-03-01', fx_rate: 1.085, rate_source: 'ECB' },
      { currency_code: 'USD', month: '2026-03-01', fx_rate: 1, rate_source: 'identity' },
    ]);
  });

  it('flags no KPI after a clean build: kpi_data_quality is empty', () => {
    expect(sql<{ n: number }>('select count(*) as n from kpi_data_quality')).toEqual([{ n: 0 }]);
  });

  it('has a hand-worked expectation for every KPI in the registry', () => {
    const covered = new Set(expectations.map((e) => e.kpi));
    expect(registry.length).toBeGreaterThan(0);
    expect(registry.map((r) => r.kpi).filter((kpi) => !covered.has(kpi))).toEqual([]);
  });

  it('expects only KPIs the registry knows, each expectation once', () => {
    const known = new Set(registry.map((r) => r.kpi));
    expect(expectations.map((e) => e.kpi).filter((kpi) => !known.has(kpi))).toEqual([]);
    const keys = expectations.map(rowKey);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('produces exactly the expected site rows of each KPI at its own grain', () => {
    for (const { kpi, grain } of registry) {
      const table = tableOf(grain);
      const expectedKeys = expectations
        .filter((e) => e.kpi === kpi && e.table === table && e.scope === 'site')
        .map(rowKey)
        .sort();
      if (expectedKeys.length === 0) continue; // reported by the coverage test above
      const actualKeys = [...actual.values()]
        .filter((r) => r.kpi === kpi && r.table === table && r.scope === 'site')
        .map(rowKey)
        .sort();
      expect(actualKeys, `${kpi}: site rows in ${table}`).toEqual(expectedKeys);
    }
  });

  it.each(expectations.map((e) => [rowKey(e), e] as const))('%s', (key, e) => {
    const row = actual.get(key);
    expect(row, `no row ${key}; worked: ${e.work}`).toBeDefined();
    if (!row) return;
    const close = (got: number | null, want: number | null | undefined, what: string) => {
      if (want === undefined) return;
      if (want === null) expect(got, `${what} — ${e.work}`).toBeNull();
      else {
        expect(got, `${what} — ${e.work}`).not.toBeNull();
        expect(got ?? Number.NaN, `${what} — ${e.work}`).toBeCloseTo(want, 9);
      }
    };
    close(row.numerator, e.numerator, 'numerator');
    close(row.denominator, e.denominator, 'denominator');
    close(row.value, e.value, 'value');
    close(row.p90, e.p90, 'p90');
    close(row.target, e.target, 'target');
    if (e.status !== undefined) expect(row.status, `status — ${e.work}`).toBe(e.status);
  });
});
