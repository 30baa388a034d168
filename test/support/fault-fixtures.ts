/**
 * One landing key delivered in three versions, each a correction of the one before with one
 * rejected row, and small buffers so that its ingest has many storage steps to fault: staged
 * parts, moves, direct writes, quarantine parts, ledger swaps, the audit, the old version's files.
 */
import { ingestFile } from '../../functions/core/ingest.js';
import type { Buckets } from '../../functions/core/storage/port.js';
import { csv, put, shipment } from './ingest-fixtures.js';

export const FAULT_KEY = 'tms/shipments/S1_2026-01-05.csv';
export const FAULT_OPTIONS = { bufferRows: 8, batchRows: 4 } as const;

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const rowsOf = (numbers: number[], bad: number, units?: string) => [
  ...numbers.map((n) => shipment(n, units ? { units } : {})),
  shipment(bad, { units: '-1' }),
];

export const VERSIONS = {
  v1: { body: csv(rowsOf(ids(0, 24), 100)), ids: ids(0, 24) },
  v2: { body: csv(rowsOf(ids(0, 16), 101, '77')), ids: ids(0, 16) },
  v3: { body: csv(rowsOf(ids(4, 14), 102, '55')), ids: ids(4, 14) },
} as const;

export const idsOf = (numbers: readonly number[]) => numbers.map((n) => `SH-${n}`).sort();

/** Delivers a version into `raw`'s landing (never faulted) and ingests it through `buckets`. */
export async function ingestVersion(buckets: Buckets, version: keyof typeof VERSIONS, raw: Buckets = buckets) {
  await put(raw.landing, FAULT_KEY, VERSIONS[version].body);
  return ingestFile({ buckets, key: FAULT_KEY, ...FAULT_OPTIONS });
}
