/**
 * KPI reads against a hand-seeded warehouse (seed-warehouse.ts): every expected number is worked
 * out by hand from the seeded parts in the comment beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  breakdown,
  COMPANY,
  customPeriod,
  DrilldownError,
  drilldown,
  type KpiDefinition,
  loadRegistry,
  monthPeriod,
  type Scorecard,
  scorecard,
  siteComparison,
  trend,
  weekPeriod,
} from '../../functions/kpis/index.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { type SeededWarehouse, seedWarehouse } from './seed-warehouse.js';

let seeded: SeededWarehouse;
let engine: DuckDBEngine;
let registry: KpiDefinition[];

beforeAll(async () => {
  seeded = await seedWarehouse();
  engine = await DuckDBEngine.open(seeded.path);
  registry = await loadRegistry(engine);
});

afterAll(async () => {
  await engine.close();
  seeded.remove();
});

const tile = (card: Scorecard, kpi: string) => {
  const found = card.tiles.find((t) => t.kpi === kpi);
  if (!found) throw new Error(`no tile ${kpi}`);
  return found;
};

describe('scorecard for a month', () => {
  it('reads the company month as published, with previous month and last year', async () => {
    const card = await scorecard(engine, registry, COMPANY, monthPeriod('2026-01'));
    expect(card.tiles).toHaveLength(registry.length);
    const otd = tile(card, 'on_time_delivery_rate');
    // (18 + 30 + 10) ÷ (20 + 40 + 10) = 58 ÷ 70; target 0.95 − amber 0.05 = 0.90 > 0.83 → red.
    expect(otd.value).toBeCloseTo(58 / 70, 12);
    expect([otd.numerator, otd.denominator, otd.target, otd.status]).toEqual([58, 70, 0.95, 'red']);
    // December 2025: 9 ÷ 10; January 2025: (8 + 15) ÷ (10 + 20).
    expect(otd.previous.value).toBeCloseTo(0.9, 12);
    expect(otd.previous.change).toBeCloseTo(58 / 70 - 0.9, 12);
    expect(otd.lastYear.label).toBe('2025-01');
    expect(otd.lastYear.value).toBeCloseTo(23 / 30, 12);
    expect(otd.partial).toBe(false);
    // Units: 100 + 300; the sum KPI has no denominator and no target.
    expect(tile(card, 'units_shipped')).toMatchObject({ value: 400, denominator: null, status: null });
    // Dock-to-stock: median of 2, 4, 9, 6 = 5 (not the mean of the site medians 4 and 6).
    expect(tile(card, 'dock_to_stock_h')).toMatchObject({ value: 5, status: 'green' });
    // Cost per order, a monthly KPI: (5000 + 9000) ÷ (20 + 30) = 280 > 250 + 25 → red; Dec 240.
    expect(tile(card, 'cost_per_order')).toMatchObject({ value: 280, status: 'red' });
    expect(tile(card, 'cost_per_order').previous.change).toBeCloseTo(40, 12);
    // The sparkline of the 12 months February 2025 – January 2026: December and January have data.
    expect(otd.sparkline.map((p) => p.periodStart)).toEqual(['2025-12-01', '2026-01-01']);
  });

  it('takes the site target where reference data sets one', async () => {
    const s2 = await scorecard(engine, registry, { level: 'site', id: 'S2' }, monthPeriod('2026-01'));
    // 30 ÷ 40 = 0.75 against S2's own target 0.7 → green (the default 0.95 would make it red).
    expect(tile(s2, 'on_time_delivery_rate')).toMatchObject({ value: 0.75, target: 0.7, status: 'green' });
    const s1 = await scorecard(engine, registry, { level: 'site', id: 'S1' }, monthPeriod('2026-01'));
    // (18 + 10) ÷ (20 + 10) = 0.933: within 0.05 of 0.95 → amber.
    expect(tile(s1, 'on_time_delivery_rate').status).toBe('amber');
    expect(tile(s1, 'units_shipped').value).toBe(100);
  });

  it('names the currency of an amount, and beside a site’s the amount in the currency it books in', async () => {
    const company = await scorecard(engine, registry, COMPANY, monthPeriod('2026-01'));
    expect(tile(company, 'cost_per_order')).toMatchObject({ value: 280, currency: 'USD', booked: null });
    // S2: 9000 USD ÷ 30 = 300 USD, booked as 240 EUR (BOOKED in seed-warehouse.ts).
    const s2 = await scorecard(engine, registry, { level: 'site', id: 'S2' }, monthPeriod('2026-01'));
    expect(tile(s2, 'cost_per_order')).toMatchObject({
      value: 300,
      currency: 'USD',
      booked: { currency: 'EUR', value: 240 },
    });
    // Not money: no currency.
    expect(tile(s2, 'on_time_delivery_rate')).toMatchObject({ currency: null, booked: null });
  });

  it('marks a month the data does not cover whole as partial', async () => {
    // The data ends on 2026-02-10.
    const card = await scorecard(engine, registry, COMPANY, monthPeriod('2026-02'));
    expect(card.partial).toBe(true);
    expect(card.coverage).toEqual({ firstDay: '2025-01-10', lastDay: '2026-02-10' });
    const otd = tile(card, 'on_time_delivery_rate');
    expect(otd).toMatchObject({ value: 0.5, partial: true });
    expect(otd.previous.partial).toBe(false);
  });

  it('names why a tile has no value', async () => {
    const card = await scorecard(engine, registry, COMPANY, monthPeriod('2026-01'));
    expect(tile(card, 'carrier_on_time_rate').note).toMatch(/by carrier_id/);
    expect(tile(card, 'nps').note).toBe('no data in this period');
  });
});

describe('scorecard for a week and a custom range (re-computed from daily parts)', () => {
  it('sums the parts of the week and compares with the week 52 weeks before', async () => {
    const card = await scorecard(engine, registry, COMPANY, weekPeriod('2026-01-05'));
    expect(card.label).toBe('2026-W02');
    const otd = tile(card, 'on_time_delivery_rate');
    // 5–11 January 2026: 58 ÷ 70 → red by the registry's rule; week before: no data.
    expect(otd.value).toBeCloseTo(58 / 70, 12);
    expect(otd.status).toBe('red');
    expect(otd.previous).toMatchObject({ label: '2026-W01', value: null, change: null });
    // 52 weeks back: 6–12 January 2025, holding 2025-01-10: 23 ÷ 30.
    expect(otd.lastYear.period).toEqual({ kind: 'week', start: '2025-01-06', end: '2025-01-12' });
    expect(otd.lastYear.value).toBeCloseTo(23 / 30, 12);
    // Medians come from the observations of the week: 2, 4, 9, 6 → 5.
    expect(tile(card, 'dock_to_stock_h').value).toBe(5);
    expect(tile(card, 'cost_per_order')).toMatchObject({ value: null, note: 'monthly KPI: choose a month' });
  });

  it('applies the site target in force on the last day to a re-computed range', async () => {
    const card = await scorecard(
      engine,
      registry,
      { level: 'site', id: 'S2' },
      customPeriod('2026-01-05', '2026-01-06'),
    );
    expect(tile(card, 'on_time_delivery_rate')).toMatchObject({ value: 0.75, target: 0.7, status: 'green' });
  });

  it('reads a custom range by day and compares with the days before', async () => {
    const card = await scorecard(
      engine,
      registry,
      { level: 'region', id: 'North' },
      customPeriod('2026-01-05', '2026-01-06'),
    );
    const otd = tile(card, 'on_time_delivery_rate');
    // North = S1: (18 + 10) ÷ (20 + 10); the two days before (3–4 January) have nothing.
    expect(otd.value).toBeCloseTo(28 / 30, 12);
    expect(otd.previous.period).toEqual({ kind: 'custom', start: '2026-01-03', end: '2026-01-04' });
    expect(otd.sparkline.map((p) => [p.periodStart, p.value])).toEqual([
      ['2026-01-05', 0.9],
      ['2026-01-06', 1],
    ]);
  });
});

describe('trend, sites and breakdown', () => {
  it('draws a monthly trend with the target and the partial last month', async () => {
    const points = await trend(engine, {
      kpi: 'on_time_delivery_rate',
      scope: COMPANY,
      grain: 'month',
      from: '2025-01-15',
      to: '2026-02-10',
    });
    expect(points.map((p) => [p.periodStart, p.numerator, p.denominator, p.target, p.partial])).toEqual([
      ['2025-01-01', 23, 30, 0.95, true], // the data starts on the 10th
      ['2025-12-01', 9, 10, 0.95, false],
      ['2026-01-01', 58, 70, 0.95, false],
      ['2026-02-01', 5, 10, 0.95, true],
    ]);
  });

  it('draws weekly and daily trends from the parts', async () => {
    const weekly = await trend(engine, {
      kpi: 'units_shipped',
      scope: COMPANY,
      grain: 'week',
      from: '2025-12-01',
      to: '2026-02-28',
    });
    expect(weekly.map((p) => [p.periodStart, p.value])).toEqual([
      ['2025-12-15', 50],
      ['2026-01-05', 400],
      ['2026-02-09', 40],
    ]);
    const daily = await trend(engine, {
      kpi: 'dock_to_stock_h',
      scope: { level: 'site', id: 'S1' },
      grain: 'day',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(daily.map((p) => [p.periodStart, p.value, p.p90])).toEqual([['2026-01-05', 4, 8]]); // p90 of 2, 4, 9
  });

  it('puts every site side by side for a period', async () => {
    const sites = await siteComparison(engine, 'on_time_delivery_rate', monthPeriod('2026-01'));
    expect(sites.map((s) => [s.scopeId, s.value, s.status])).toEqual([
      ['S1', 28 / 30, 'amber'],
      ['S2', 0.75, 'green'],
    ]);
  });

  it('splits a KPI by its breakdown', async () => {
    const carriers = await breakdown(engine, 'carrier_on_time_rate', COMPANY, weekPeriod('2026-01-05'));
    // C1: (16 + 30) ÷ (17 + 40); C2: 2 ÷ 3.
    expect(carriers.map((c) => [c.breakdownValue, c.numerator, c.denominator])).toEqual([
      ['C1', 46, 57],
      ['C2', 2, 3],
    ]);
    expect(carriers[1]?.value).toBeCloseTo(2 / 3, 12);
  });
});

describe('drill-down', () => {
  const request = {
    kpi: 'on_time_delivery_rate',
    scope: { level: 'site', id: 'S1' },
    from: '2026-01-05',
    to: '2026-01-06',
  } as const;

  it('returns the delivered shipments of the scope and days, sorted and paged', async () => {
    const first = await drilldown(engine, { ...request, pageSize: 2 });
    // S1's delivered shipments on 5–6 January: SH-1, SH-2, SH-3 (SH-5 is not delivered, SH-4 is S2's).
    expect(first.total).toBe(3);
    const id = first.columns.findIndex((c) => c.name === 'shipment_id');
    expect(first.rows.map((r) => r[id])).toEqual(['SH-1', 'SH-2']);
    const second = await drilldown(engine, { ...request, pageSize: 2, page: 2 });
    expect(second.rows.map((r) => r[id])).toEqual(['SH-3']);
    const byDayDesc = await drilldown(engine, { ...request, sort: 'delivery_date', descending: true });
    expect(byDayDesc.rows.map((r) => r[id])).toEqual(['SH-2', 'SH-1', 'SH-3']);
  });

  it('refuses a sort column the rows do not have', async () => {
    await expect(drilldown(engine, { ...request, sort: 'shipment_id; drop table x' })).rejects.toThrow(DrilldownError);
    await expect(drilldown(engine, { ...request, sort: 'nope' })).rejects.toThrow(/no column "nope"/);
  });
});
