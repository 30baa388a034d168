/**
 * The columnar fast path (column-decoder.ts) must agree with the contract's zod schema on every
 * record: whenever it accepts a record, zod accepts it too and the column values, site, partition
 * value and primary-key bytes it writes equal those of zod's normalised row. It may decline a
 * record zod accepts (an unusual spelling then takes the zod path), but the spellings machines send
 * must take the fast path, or the speed is silently lost.
 */
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { CsvColumnDecoder } from '../../functions/core/column-decoder.js';
import { recordFields, scanCsv } from '../../functions/core/csv-reader.js';
import { PrimaryKeyBytes } from '../../functions/core/duplicate-keys.js';
import { matchHeader } from '../../functions/core/record-source.js';
import { type FeedContract, type Row, rowSchema } from '../../schemas/contract.js';
import { salesOrderLines } from '../../schemas/erp.js';
import { carriers, shipments } from '../../schemas/tms.js';
import { safetyIncidents, timecards } from '../../schemas/wfm.js';
import { orderEvents } from '../../schemas/wms.js';
import { shipment } from '../support/ingest-fixtures.js';

const zones = new Map([
  ['S1', 'Europe/Berlin'],
  ['S2', 'America/Chicago'],
]);
const timezoneOf = (site: string) => zones.get(site);

type Cells = Record<string, string>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** A printable cell value: bigints and typed arrays (Decimal128 words) as plain data. */
const plain = (value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : ArrayBuffer.isView(value) ? Array.from(value as Uint32Array) : value;

interface Outcome {
  readonly fast: boolean;
  readonly valid: boolean;
}

/** Runs every row through both paths and checks they agree; returns each row's outcome. */
async function agreement(contract: FeedContract, rows: Cells[], header = contract.columnNames): Promise<Outcome[]> {
  const text = `${header.join(',')}\n${rows.map((r) => header.map((c) => quote(r[c] ?? '')).join(',')).join('\n')}\n`;
  const schema = rowSchema(contract, timezoneOf);
  const columns = Object.entries(contract.columns);
  const outcomes: Outcome[] = [];
  let decoder: CsvColumnDecoder | undefined;
  for await (const table of scanCsv(bytesOf(text))) {
    for (let r = 0; r < table.count; r++) {
      if (!decoder) {
        decoder = new CsvColumnDecoder(contract, matchHeader(contract, recordFields(table, r)).indexOf, timezoneOf);
        continue;
      }
      const expected = schema.safeParse(decoder.rawValues(table, r));
      const fast = decoder.parse(table, r);
      outcomes.push({ fast, valid: expected.success });
      const label = JSON.stringify(rows[outcomes.length - 1]);
      if (!fast) continue;
      expect(expected.success, `fast path accepted what zod rejects: ${label}`).toBe(true);
      const row = expected.data as Row;

      const viaDecoder = new BatchBuilder(columns, schemaOf(columns));
      decoder.write(viaDecoder.columns, 0);
      viaDecoder.commit();
      const viaZod = new BatchBuilder(columns, schemaOf(columns));
      viaZod.push(row);
      const a = viaDecoder.flush();
      const b = viaZod.flush();
      columns.forEach(([name], c) => {
        expect(plain(a?.getChildAt(c)?.get(0)), `${name} of ${label}`).toEqual(plain(b?.getChildAt(c)?.get(0)));
      });

      expect(decoder.site()).toBe(row[contract.partitionBy.site]);
      expect(decoder.partitionValue()).toBe(row[contract.partitionBy.date]);
      const fromRow = new PrimaryKeyBytes(contract);
      fromRow.ofRow(row);
      const fromBytes = new PrimaryKeyBytes(contract);
      decoder.primaryKey(fromBytes);
      const keyBytes = fromRow.singleText
        ? decoder.keyBytes.slice(decoder.keyStart, decoder.keyEnd)
        : fromBytes.bytes.slice(0, fromBytes.length);
      if (fromRow.singleText) expect(fromBytes.bytes.slice(0, fromBytes.length)).toEqual(keyBytes);
      expect(keyBytes).toEqual(fromRow.bytes.slice(0, fromRow.length));
    }
  }
  expect(outcomes).toHaveLength(rows.length);
  return outcomes;
}

describe('the columnar fast path agrees with the zod schema', () => {
  it('shipments: times with offsets, zone-less times, decimals, enums, rules', async () => {
    const rows: Cells[] = [
      shipment(1),
      shipment(2, { delivered_at: '', status: 'in_transit' }),
      shipment(3, { shipped_at: '2026-01-01T02:30:00' }), // zone-less: read in Chicago time
      shipment(4, {
        shipped_at: '2026-03-29T02:30:00', // in the Berlin DST gap
        delivered_at: '2026-03-30T10:00:00Z',
        promised_delivery_at: '2026-03-31T10:00:00Z',
      }),
      shipment(5, { shipped_at: '2026-01-02T08:00:00', site_id: 'S9' }), // site without a timezone
      shipment(5, { units: '-1' }),
      shipment(6, { units: ' 7 ' }),
      shipment(7, { freight_cost: '1,234.50' }),
      shipment(8, { freight_cost: '12.345' }),
      shipment(9, { freight_cost: '12.3' }),
      shipment(10, { freight_cost: '12.300' }),
      shipment(11, { freight_cost: '-0.00', units: '+5' }),
      shipment(12, { freight_cost: '.5' }),
      shipment(13, { freight_cost: '5.' }),
      shipment(14, { freight_cost: '1e3' }),
      shipment(15, { freight_cost: '0000000000000000012.25' }),
      shipment(16, { units: '007' }),
      shipment(17, { units: '99999999999999999999' }),
      shipment(18, { delivered_at: '2025-01-01T00:00:00Z' }), // before shipped_at: a rule
      shipment(19, { status: 'delivered', delivered_at: '' }), // a rule
      shipment(20, { carrier_id: '' }),
      shipment(21, { currency: 'eur' }),
      shipment(22, { shipped_at: '2026-02-29T10:00:00Z' }),
      shipment(23, { shipped_at: '2024-02-29T10:00:00+05:30' }),
      shipment(24, { shipped_at: '2026-01-02T08:00:00-25:00' }),
      shipment(25, { shipped_at: '2026-01-02T24:00:00Z' }),
      shipment(26, { shipped_at: '2026-01-02T08:00:00.250Z' }),
      shipment(27, { shipped_at: '2026-01-02 08:00:00Z' }),
      shipment(28, { shipped_at: '1899-12-31T23:00:00Z' }),
      shipment(29, { shipment_id: 'SH 29' }),
      shipment(30, { shipment_id: 'x'.repeat(65) }),
      shipment(31, { shipment_id: '\u00a0SH-31' }), // a Unicode space that trim() removes
      shipment(32, { shipment_id: 'SH-"32"' }),
      shipment(33, { status: 'Delivered' }),
      shipment(34, { service_level: 'naïve, "quoted"' }),
      shipment(35, { weight_kg: '' }),
      shipment(36, { units: '' }),
    ];
    const outcomes = await agreement(shipments, rows);
    expect(new Set(outcomes.map((o) => o.valid))).toEqual(new Set([true, false]));
    // The spellings machines send take the fast path.
    for (const i of [0, 1, 2, 3, 6, 9, 10, 11, 16, 23])
      expect(outcomes[i], `row ${i}`).toEqual({ fast: true, valid: true });
  });

  it('order events, with columns reordered and an optional column missing', async () => {
    const event = (n: number, overrides: Cells = {}): Cells => ({
      event_id: `EV-${n}`,
      site_id: 'S1',
      order_id: `SO-${n}`,
      line_number: '1',
      sku: 'SKU-1',
      event_type: ['picked', 'packed', 'shipped'][n % 3] as string,
      quantity: String(n),
      event_at: `2026-01-0${1 + (n % 9)}T0${n % 10}:15:00Z`,
      ...overrides,
    });
    const header = ['event_at', 'quantity', 'event_type', 'sku', 'line_number', 'order_id', 'site_id', 'event_id'];
    const rows = [event(1), event(2), event(3, { line_number: '0' }), event(4, { event_type: 'lost' }), event(5)];
    const outcomes = await agreement(orderEvents, rows, header);
    expect(outcomes.map((o) => o.fast)).toEqual([true, true, false, false, true]);
    expect(outcomes.map((o) => o.valid)).toEqual([true, true, false, false, true]);
  });

  it('timecards and carriers: dates, bounded decimals, a ratio', async () => {
    const card = (n: number, overrides: Cells = {}): Cells => ({
      timecard_id: `TC-${n}`,
      site_id: 'S2',
      employee_id: `E-${n}`,
      work_date: '2026-03-02',
      labour_type: 'direct',
      scheduled_hours: '8.00',
      worked_hours: '9.5',
      overtime_hours: '1.50',
      hourly_rate: '21.75',
      currency: 'USD',
      ...overrides,
    });
    const outcomes = await agreement(timecards, [
      card(1),
      card(2, { worked_hours: '24.01' }),
      card(3, { work_date: '2026-02-30' }),
      card(4, { work_date: '2101-01-01' }),
      card(5, { work_date: '2026-3-02' }),
      card(6, { worked_hours: '24', overtime_hours: '16.00' }),
    ]);
    expect(outcomes.map((o) => o.valid)).toEqual([true, false, false, false, false, true]);
    expect(outcomes[0]?.fast).toBe(true);
    expect(outcomes[5]?.fast).toBe(true);

    const carrier = (target: string): Cells => ({
      carrier_id: 'UPS',
      site_id: 'S1',
      carrier_name: 'UPS Ground',
      mode: 'parcel',
      contracted_on_time_target: target,
      valid_from: '2026-01-01',
    });
    const ratios = await agreement(carriers, [carrier('0.95'), carrier('1.5'), carrier('0.12345'), carrier('1')]);
    expect(ratios.map((o) => o.valid)).toEqual([true, false, false, true]);
  });

  it('safety incidents: booleans and a rule across a boolean and a time', async () => {
    const incident = (n: number, overrides: Cells = {}): Cells => ({
      incident_id: `INC-${n}`,
      site_id: 'S1',
      occurred_at: '2026-03-03T10:00:00+01:00',
      incident_type: 'injury',
      severity: 'minor',
      recordable: 'true',
      lost_time_days: '0',
      rca_closed: 'false',
      rca_closed_at: '',
      ...overrides,
    });
    const outcomes = await agreement(safetyIncidents, [
      incident(1),
      incident(2, { recordable: 'YES', rca_closed: 'T', rca_closed_at: '2026-03-05T10:00:00Z' }),
      incident(3, { rca_closed: 'true' }), // closed without a time: the rule
      incident(4, { recordable: 'maybe' }),
      incident(5, { rca_closed: '1', rca_closed_at: '2026-03-01T10:00:00Z' }), // closed before it happened
      incident(6, { recordable: 'n', rca_closed: '0' }),
    ]);
    expect(outcomes).toEqual([
      { fast: true, valid: true },
      { fast: true, valid: true },
      { fast: false, valid: false },
      { fast: false, valid: false },
      { fast: false, valid: false },
      { fast: true, valid: true },
    ]);
  });

  it('a composite primary key is spelled the same on both paths', async () => {
    const line = (n: number): Cells => ({
      order_id: `SO-${n}`,
      line_number: String(n),
      site_id: 'S1',
      sku: 'SKU-9',
      ordered_qty: '3',
      unit_price: '9.99',
      currency: 'EUR',
      created_at: '2026-03-02T09:00:00Z',
    });
    const outcomes = await agreement(salesOrderLines, [line(1), line(2)]);
    expect(outcomes).toEqual([
      { fast: true, valid: true },
      { fast: true, valid: true },
    ]);
  });
});
