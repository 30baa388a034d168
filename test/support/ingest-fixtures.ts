/** Shared helpers for ingest tests: a throw-away local workspace and shipments CSV builders. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { localBuckets } from '../../functions/core/storage/local-directory.js';
import type { Buckets, ObjectStore } from '../../functions/core/storage/port.js';
import { readAll } from '../../functions/core/storage/port.js';
import { shipments } from '../../schemas/tms.js';

export interface TempWorkspace {
  readonly home: string;
  readonly buckets: ReturnType<typeof localBuckets>;
  dispose(): Promise<void>;
}

export async function tempWorkspace(): Promise<TempWorkspace> {
  const home = await mkdtemp(join(tmpdir(), 'opslake-ingest-'));
  return { home, buckets: localBuckets(home), dispose: () => rm(home, { recursive: true, force: true }) };
}

/** The contract's column order, so fixtures never hand-copy the column list. */
export const SHIPMENT_COLUMNS: string[] = [...shipments.columnNames];

export type ShipmentCells = Record<string, string>;

/** A valid shipment row; `n` makes ids unique, overrides change single cells. */
export function shipment(n: number, overrides: ShipmentCells = {}): ShipmentCells {
  const day = 1 + (n % 3);
  return {
    shipment_id: `SH-${n}`,
    order_id: `SO-${n}`,
    site_id: n % 2 === 0 ? 'S1' : 'S2',
    carrier_id: 'UPS',
    service_level: 'ground',
    shipped_at: `2026-01-0${day}T08:00:00Z`,
    promised_delivery_at: `2026-01-0${day + 2}T08:00:00Z`,
    delivered_at: `2026-01-0${day + 1}T09:30:00Z`,
    status: 'delivered',
    units: String(10 + n),
    weight_kg: '12.345',
    freight_cost: `${100 + n}.25`,
    currency: 'EUR',
    ...overrides,
  };
}

/** CSV text for `rows` with the given column order (default: the contract's). */
export function csv(rows: ShipmentCells[], columns: string[] = SHIPMENT_COLUMNS, eol = '\n'): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))].join(eol) + eol;
}

export async function put(store: ObjectStore, key: string, body: string | Uint8Array): Promise<void> {
  await store.write(key, body);
}

/** All keys under `prefix`. */
export async function keys(store: ObjectStore, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for await (const object of store.list(prefix)) found.push(object.key);
  return found;
}

/** Every quarantined row record of the lake's quarantine bucket. */
export async function quarantinedRows(buckets: Buckets): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const key of await keys(buckets.quarantine, 'rows/')) {
    const text = Buffer.from(await readAll(buckets.quarantine, key)).toString('utf8');
    for (const line of text.split('\n')) if (line) rows.push(JSON.parse(line) as Record<string, unknown>);
  }
  return rows;
}

/** Runs SQL in an in-memory DuckDB (UTC session) and returns plain rows. */
export async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Rows of every raw Parquet file of the shipments feed under a local lake root. */
export async function lakeShipments(lakeRoot: string): Promise<Record<string, unknown>[]> {
  return duckdb(
    `select * from read_parquet('${lakeRoot}/raw/tms/shipments/**/*.parquet', hive_partitioning = false) order by shipment_id`,
  );
}
