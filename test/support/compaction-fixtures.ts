/**
 * The compaction tests' landing files (lake-compaction.test.ts on a local directory,
 * lake-compaction-s3.test.ts on moto): three files over two partitions, and a correction of one.
 * Shipment n lands at site S1 or S2 by parity and on day 1 + n % 3, so these ids fall on
 * (S1, day 1) and (S2, day 2).
 */
import { ingestFile } from '../../functions/core/ingest.js';
import type { Buckets } from '../../functions/core/storage/port.js';
import { csv, put, shipment } from './ingest-fixtures.js';

export const FILES = {
  a: { key: 'tms/shipments/S1_2026-01-05.csv', ids: [0, 6, 12, 1, 7] },
  b: { key: 'tms/shipments/S1_2026-01-06.csv', ids: [18, 24, 30, 13, 19] },
  c: { key: 'tms/shipments/S2_2026-01-06.csv', ids: [36, 25] },
} as const;

/** b corrected: one row dropped (30), one changed (18), one new (42). */
export const B_CORRECTED = csv([
  shipment(18, { units: '999' }),
  shipment(24),
  shipment(13),
  shipment(19),
  shipment(42),
]);
export const B_CORRECTED_IDS = ['SH-13', 'SH-18', 'SH-19', 'SH-24', 'SH-42'];

export const bodyOf = (ids: readonly number[]) => csv(ids.map((n) => shipment(n)));

/** Lands `body` under `key` in `raw`'s landing (never faulted) and ingests it through `buckets`. */
export async function deliver(buckets: Buckets, key: string, body: string, raw: Buckets = buckets) {
  await put(raw.landing, key, body);
  return ingestFile({ buckets, key });
}

export async function deliverAll(buckets: Buckets) {
  for (const file of Object.values(FILES)) await deliver(buckets, file.key, bodyOf(file.ids));
}

/** The shipment ids of one landing key among `rows`, sorted. */
export const idsOf = (rows: Record<string, unknown>[], key: string) =>
  rows
    .filter((r) => r._source_key === key)
    .map((r) => r.shipment_id)
    .sort();
