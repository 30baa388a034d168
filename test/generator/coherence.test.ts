/**
 * The generated operation hangs together across systems, and the sites differ the way the demo
 * promises: checked with DuckDB straight over the landed CSV files (4 sites × 56 days).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOperations } from '../../functions/generator/operations.js';
import { duckdb } from '../support/ingest-fixtures.js';
import { tempWorkspace, type Workspace } from './support.js';

let ws: Workspace;
const feed = (id: string) => `read_csv('${ws.home}/landing/${id}/*.csv', all_varchar = true, header = true)`;

beforeAll(async () => {
  ws = await tempWorkspace('opslake-coherence-');
  await generateOperations(ws.buckets.landing, { sites: 4, days: 56, seed: 42, start: '2025-03-03' });
}, 60_000);

afterAll(async () => {
  await ws.dispose();
});

const bySite = (rows: Record<string, unknown>[], column: string) =>
  Object.fromEntries(rows.map((r) => [String(r.site_id), Number(r[column])]));

describe('site differences', () => {
  it('S3 delivers clearly later than every other site', async () => {
    const onTime = bySite(
      await duckdb(`select site_id, avg((delivered_at::timestamptz <= promised_delivery_at::timestamptz)::int) as rate
        from ${feed('tms/shipments')} where status = 'delivered' group by site_id`),
      'rate',
    );
    for (const site of ['S1', 'S2', 'S4']) expect(onTime.S3).toBeLessThan((onTime[site] ?? 0) - 0.1);
  });

  it('S2 runs on clearly more overtime than every other site', async () => {
    const overtime = bySite(
      await duckdb(`select site_id, sum(overtime_hours::decimal(6,2)) / sum(worked_hours::decimal(6,2)) as rate
        from ${feed('wfm/timecards')} group by site_id`),
      'rate',
    );
    for (const site of ['S1', 'S3', 'S4']) expect(overtime.S2).toBeGreaterThan((overtime[site] ?? 1) * 1.5);
  });

  it('weekdays are busier than Sundays', async () => {
    const [row] = await duckdb(`select
        count(*) filter (where isodow(created_at::timestamptz at time zone 'UTC') = 1) as mondays,
        count(*) filter (where isodow(created_at::timestamptz at time zone 'UTC') = 7) as sundays
      from ${feed('erp/sales_orders')}`);
    expect(Number(row?.mondays)).toBeGreaterThan(Number(row?.sundays) * 2);
  });
});

describe('cross-system consistency', () => {
  it('every fulfilment event belongs to an order line, and shipped units match the shipment', async () => {
    const [orphans] = await duckdb(`select count(*) as n from ${feed('wms/order_events')} e
      anti join ${feed('erp/sales_order_lines')} l using (order_id, line_number)`);
    expect(Number(orphans?.n)).toBe(0);
    const [mismatch] = await duckdb(`with shipped as (
        select order_id, sum(quantity::int) as units from ${feed('wms/order_events')}
        where event_type = 'shipped' group by order_id)
      select count(*) as n, (select count(*) from ${feed('tms/shipments')}) as shipments
      from ${feed('tms/shipments')} s join shipped using (order_id) where s.units::int <> shipped.units`);
    expect(Number(mismatch?.shipments)).toBeGreaterThan(0);
    expect(Number(mismatch?.n)).toBe(0);
  });

  it('returns and feedback follow a delivery of the same order', async () => {
    const [row] = await duckdb(`select count(*) as n,
        count(*) filter (where s.delivered_at is null or r.received_at::timestamptz < s.delivered_at::timestamptz) as bad
      from ${feed('wms/returns')} r left join ${feed('tms/shipments')} s using (order_id)`);
    expect(Number(row?.n)).toBeGreaterThan(0);
    expect(Number(row?.bad)).toBe(0);
  });

  it('GL labour equals the timecards’ hours × rate (overtime at time and a half), per site and month', async () => {
    const rows = await duckdb(`with cards as (
        select site_id, date_trunc('month', work_date::date) as month,
               sum(round((worked_hours::decimal(6,2) * hourly_rate::decimal(18,2)
                        + overtime_hours::decimal(6,2) * hourly_rate::decimal(18,2) * 0.5), 2)) as cost
        from ${feed('wfm/timecards')} group by all),
      gl as (select site_id, period_month::date as month, sum(amount::decimal(18,2)) as cost
        from ${feed('erp/gl_costs')} where cost_category = 'labour' group by all)
      select gl.site_id, gl.month, gl.cost as gl, cards.cost as cards
      from gl join cards on gl.site_id = cards.site_id and gl.month = cards.month`);
    expect(rows.length).toBeGreaterThanOrEqual(4 * 2);
    for (const row of rows) expect(String(row.gl)).toBe(String(row.cards));
  });

  it('GL transport equals the freight on the month’s shipments', async () => {
    const rows = await duckdb(`with freight as (
        select site_id, date_trunc('month', (shipped_at::timestamptz at time zone tz.timezone)) as month,
               sum(freight_cost::decimal(18,2)) as cost
        from ${feed('tms/shipments')} join ${feed('reference/sites')} tz using (site_id) group by all),
      gl as (select site_id, period_month::date as month, sum(amount::decimal(18,2)) as cost
        from ${feed('erp/gl_costs')} where cost_category = 'transport' group by all)
      select gl.cost as gl, freight.cost as freight
      from gl join freight on gl.site_id = freight.site_id and gl.month = freight.month`);
    expect(rows.length).toBeGreaterThanOrEqual(4 * 2);
    for (const row of rows) expect(Number(row.gl)).toBe(Number(row.freight));
  });

  it('vendor invoices bill activity × the contracted rate, with a few lines over-billed and none under', async () => {
    const [row] = await duckdb(`select count(*) as lines,
        count(*) filter (where billed_amount::decimal(18,2) > round(quantity::decimal(18,3) * contracted_rate::decimal(18,4), 2)) as over,
        count(*) filter (where billed_amount::decimal(18,2) < round(quantity::decimal(18,3) * contracted_rate::decimal(18,4), 2)) as under
      from ${feed('erp/vendor_invoices')}`);
    expect(Number(row?.lines)).toBeGreaterThan(10);
    expect(Number(row?.under)).toBe(0);
    expect(Number(row?.over)).toBeGreaterThan(0);
    expect(Number(row?.over)).toBeLessThan(Number(row?.lines) / 3);
  });

  it('exchange rates cover every currency booked, both ways, for every month money is booked in', async () => {
    const [missing] = await duckdb(`with booked as (
        select distinct currency, period_month from ${feed('erp/gl_costs')}),
      pairs as (select a.currency as from_currency, b.currency as to_currency, a.period_month
        from booked a join booked b on a.period_month = b.period_month and a.currency <> b.currency)
      select count(*) as n, (select count(*) from pairs) as pairs
      from pairs anti join ${feed('reference/fx_rates')} r using (from_currency, to_currency, period_month)`);
    // 4 sites book USD and EUR: two directions × two months (March and April 2025).
    expect(Number(missing?.pairs)).toBe(4);
    expect(Number(missing?.n)).toBe(0);
    const [roundTrip] =
      await duckdb(`select max(abs(r.average_rate::decimal(18,8) * back.average_rate::decimal(18,8) - 1)) as off
      from ${feed('reference/fx_rates')} r join ${feed('reference/fx_rates')} back
        on r.from_currency = back.to_currency and r.to_currency = back.from_currency and r.period_month = back.period_month`);
    expect(Number(roundTrip?.off)).toBeLessThan(1e-7);
  });
});
