/**
 * The fast valid-row path must agree with the contract's zod schema on every row: the same
 * normalised values when zod accepts, and "not valid" (so zod reports the issues) when zod rejects.
 */
import { describe, expect, it } from 'vitest';
import { compileRowParser } from '../../functions/core/row-parser.js';
import { rowSchema } from '../../schemas/contract.js';
import { carriers, shipments } from '../../schemas/tms.js';
import { shipment } from '../support/ingest-fixtures.js';

const zones = new Map([
  ['S1', 'Europe/Berlin'],
  ['S2', 'America/Chicago'],
]);
const timezoneOf = (site: string) => zones.get(site);

const variants: Record<string, unknown>[] = [
  shipment(1),
  shipment(2, { delivered_at: '', status: 'in_transit' }),
  shipment(3, { shipped_at: '2026-03-29T02:30:00' }),
  shipment(4, { shipped_at: '2026-01-02T08:00:00', site_id: 'S9' }),
  shipment(5, { units: '-1' }),
  shipment(6, { units: ' 7 ' }),
  shipment(7, { freight_cost: '1,234.50' }),
  shipment(8, { freight_cost: '12.345' }),
  shipment(9, { delivered_at: '2025-01-01T00:00:00Z' }),
  shipment(10, { status: 'delivered', delivered_at: '' }),
  shipment(11, { carrier_id: '' }),
  shipment(12, { currency: 'eur' }),
  shipment(13, { shipped_at: '2026-02-29T10:00:00Z' }),
  { ...shipment(14), units: 12, freight_cost: 10.5 },
  { ...shipment(15), delivered_at: null, status: 'in_transit' },
];

describe('compileRowParser agrees with rowSchema', () => {
  const schema = rowSchema(shipments, timezoneOf);
  const fast = compileRowParser(shipments, timezoneOf);
  variants.forEach((values, i) => {
    it(`shipments variant ${i}`, () => {
      const expected = schema.safeParse(values);
      const got = fast(values);
      if (expected.success) expect(got).toEqual(expected.data);
      else expect(got).toBeUndefined();
    });
  });

  it('covers both outcomes (the variants are not all valid or all invalid)', () => {
    const outcomes = new Set(variants.map((v) => schema.safeParse(v).success));
    expect(outcomes).toEqual(new Set([true, false]));
  });

  it('on a date-partitioned contract with a ratio column', () => {
    const carrierSchema = rowSchema(carriers, timezoneOf);
    const carrierFast = compileRowParser(carriers, timezoneOf);
    for (const values of [
      {
        carrier_id: 'UPS',
        site_id: 'S1',
        carrier_name: 'UPS',
        mode: 'parcel',
        contracted_on_time_target: '0.95',
        valid_from: '2026-01-01',
      },
      {
        carrier_id: 'UPS',
        site_id: 'S1',
        carrier_name: 'UPS',
        mode: 'parcel',
        contracted_on_time_target: '1.5',
        valid_from: '2026-01-01',
      },
      {
        carrier_id: 'UPS',
        site_id: 'S1',
        carrier_name: 'UPS',
        mode: 'parcel',
        contracted_on_time_target: '0.9',
        valid_from: '2026-13-01',
      },
    ]) {
      const expected = carrierSchema.safeParse(values);
      expect(carrierFast(values)).toEqual(expected.success ? expected.data : undefined);
    }
  });
});
