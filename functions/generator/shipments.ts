/**
 * Shipments for the end-to-end spine: one CSV per site per day in the landing convention
 * `tms/shipments/<site>_<day>.csv`. Site `S3` is made clearly worse on on-time delivery.
 */
import type { ObjectStore } from '../core/storage/port.js';
import { Random } from './random.js';

export interface SpineOptions {
  readonly sites: number;
  readonly days: number;
  readonly seed: number;
  readonly start?: string;
}

const HEADER = [
  'shipment_id',
  'order_id',
  'site_id',
  'carrier_id',
  'service_level',
  'shipped_at',
  'promised_delivery_at',
  'delivered_at',
  'status',
  'units',
  'weight_kg',
  'freight_cost',
  'currency',
];

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export async function generateShipments(landing: ObjectStore, options: SpineOptions): Promise<number> {
  const random = new Random(options.seed);
  const start = Date.parse(`${options.start ?? '2026-01-01'}T00:00:00Z`);
  let files = 0;
  for (let s = 1; s <= options.sites; s++) {
    const site = `S${s}`;
    const lateness = s === 3 ? 0.3 : 0.06;
    for (let d = 0; d < options.days; d++) {
      const day = start + d * 86_400_000;
      const lines = [HEADER.join(',')];
      const count = random.int(20, 40);
      for (let i = 0; i < count; i++) {
        const shipped = day + random.int(6 * 60, 20 * 60) * 60_000;
        const promised = shipped + random.int(24, 72) * 3_600_000;
        const late = random.chance(lateness);
        const delivered = late ? promised + random.int(1, 30) * 3_600_000 : promised - random.int(0, 20) * 3_600_000;
        const isDelivered = delivered < start + options.days * 86_400_000;
        const units = random.int(1, 50);
        lines.push(
          [
            `SH-${site}-${d}-${i}`,
            `SO-${site}-${d}-${i}`,
            site,
            random.pick(['UPS', 'DHL', 'FEDEX']),
            random.pick(['ground', 'express']),
            iso(shipped),
            iso(promised),
            isDelivered ? iso(Math.max(delivered, shipped)) : '',
            isDelivered ? 'delivered' : 'in_transit',
            units,
            (units * 1.25).toFixed(3),
            (8 + units * 0.42).toFixed(2),
            'USD',
          ].join(','),
        );
      }
      await landing.write(
        `tms/shipments/${site}_${new Date(day).toISOString().slice(0, 10)}.csv`,
        `${lines.join('\n')}\n`,
      );
      files++;
    }
  }
  return files;
}
