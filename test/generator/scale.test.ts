/**
 * The volume profile (`--scale`): a scaled site is the same operation, bigger. Volumes grow with the
 * factor while the rates the KPIs read (units per labour hour, lines per order, on-time share) stay
 * where the unscaled site has them — checked with DuckDB over the landed CSV of 2 sites × 28 days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOperations, validateGenerateOptions } from '../../functions/generator/operations.js';
import { duckdb } from '../support/ingest-fixtures.js';
import { tempWorkspace, type Workspace } from './support.js';

const FACTOR = 3;
const options = { sites: 2, days: 28, seed: 7, start: '2025-04-07' };
let unscaled: Workspace;
let scaled: Workspace;
let one: Figures;
let three: Figures;

beforeAll(async () => {
  unscaled = await tempWorkspace('opslake-scale-1-');
  scaled = await tempWorkspace('opslake-scale-3-');
  await generateOperations(unscaled.buckets.landing, options);
  await generateOperations(scaled.buckets.landing, { ...options, scale: FACTOR });
  [one, three] = [await figures(unscaled), await figures(scaled)];
}, 120_000);

afterAll(async () => {
  await unscaled?.dispose();
  await scaled?.dispose();
});

const feed = (ws: Workspace, id: string) =>
  `read_csv('${ws.home}/landing/${id}/**/*.csv', all_varchar = true, header = true)`;

type Figures = Awaited<ReturnType<typeof figures>>;

async function figures(ws: Workspace) {
  const [row] = await duckdb(`select
      (select count(*) from ${feed(ws, 'erp/sales_orders')}) as orders,
      (select count(*) from ${feed(ws, 'erp/sales_order_lines')}) as lines,
      (select sum(quantity::int) from ${feed(ws, 'wms/order_events')} where event_type = 'picked') as picked_units,
      (select sum(worked_hours::decimal(8,2)) from ${feed(ws, 'wfm/timecards')}) as worked_hours,
      (select count(distinct employee_id) from ${feed(ws, 'wfm/timecards')}) as workers,
      (select avg((delivered_at::timestamptz <= promised_delivery_at::timestamptz)::int)
         from ${feed(ws, 'tms/shipments')} where status = 'delivered') as on_time`);
  if (!row) throw new Error('no figures');
  return {
    orders: Number(row.orders),
    linesPerOrder: Number(row.lines) / Number(row.orders),
    unitsPerHour: Number(row.picked_units) / Number(row.worked_hours),
    workers: Number(row.workers),
    onTime: Number(row.on_time),
  };
}

describe('generator volume profile', () => {
  it('multiplies orders and the workforce by the factor', async () => {
    expect(three.orders / one.orders).toBeGreaterThan(FACTOR * 0.9);
    expect(three.orders / one.orders).toBeLessThan(FACTOR * 1.1);
    expect(three.workers / one.workers).toBeGreaterThan(FACTOR * 0.8);
    expect(three.workers / one.workers).toBeLessThan(FACTOR * 1.2);
  });

  it('keeps the rates the KPIs read: lines per order, units per labour hour, on-time share', async () => {
    expect(Math.abs(three.linesPerOrder / one.linesPerOrder - 1)).toBeLessThan(0.05);
    expect(Math.abs(three.unitsPerHour / one.unitsPerHour - 1)).toBeLessThan(0.1);
    expect(Math.abs(three.onTime - one.onTime)).toBeLessThan(0.05);
  });

  it('refuses a factor outside 0.1–100 before anything is written', () => {
    for (const scale of [0, 0.05, 101, Number.NaN]) {
      expect(() => validateGenerateOptions({ ...options, scale })).toThrow(/--scale must be a number from 0.1 to 100/);
    }
  });
});
