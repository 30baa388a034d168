/**
 * Failure in the middle of a write, and files larger than the in-memory row budget: staged parts,
 * atomic publish, and a re-run that completes without leaving partial or duplicated output.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import type { Buckets, ObjectBody, ObjectStore } from '../../functions/core/storage/port.js';
import {
  csv,
  keys,
  lakeShipments,
  put,
  quarantinedRows,
  shipment,
  type TempWorkspace,
  tempWorkspace,
} from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

/** A store that fails every write after the first `allowed` ones, like a process killed mid-way. */
function crashingAfter(store: ObjectStore, allowed: number): ObjectStore {
  let writes = 0;
  return {
    location: store.location,
    read: (key) => store.read(key),
    stat: (key) => store.stat(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    readVersioned: (key) => store.readVersioned(key),
    async write(key: string, body: ObjectBody) {
      if (++writes > allowed) throw new Error(`simulated crash before writing ${key}`);
      await store.write(key, body);
    },
    async writeIfUnchanged(key: string, body: Uint8Array | string, expected: string | null) {
      if (++writes > allowed) throw new Error(`simulated crash before writing ${key}`);
      return store.writeIfUnchanged(key, body, expected);
    },
  };
}

const manyRows = (n: number) => Array.from({ length: n }, (_, i) => shipment(i));

/** How many lake writes a clean run of the crash fixture makes (counted in a separate workspace). */
async function cleanRunWrites(): Promise<number> {
  const other = await tempWorkspace();
  try {
    let writes = 0;
    const counting: ObjectStore = { ...crashingAfter(other.buckets.lake, Number.POSITIVE_INFINITY) };
    const lake = other.buckets.lake;
    counting.write = async (key, body) => {
      writes++;
      await lake.write(key, body);
    };
    counting.writeIfUnchanged = async (key, body, expected) => {
      writes++;
      return lake.writeIfUnchanged(key, body, expected);
    };
    await put(other.buckets.landing, 'tms/shipments/big.csv', csv(manyRows(300)));
    await ingestFile({ buckets: { ...other.buckets, lake: counting }, key: 'tms/shipments/big.csv', bufferRows: 50 });
    return writes;
  } finally {
    await other.dispose();
  }
}

describe('crash mid-write', () => {
  it('the crash fixture writes enough objects that a crash can land half-way through publishing', async () => {
    expect(await cleanRunWrites()).toBeGreaterThan(8);
  });

  for (const fraction of [0.1, 0.5, 0.8]) {
    it(`a crash after ${fraction * 100}% of the writes: the next run completes, nothing partial or duplicated`, async () => {
      const allowed = Math.max(1, Math.floor((await cleanRunWrites()) * fraction));
      await put(ws.buckets.landing, 'tms/shipments/big.csv', csv(manyRows(300)));
      const crashing: Buckets = { ...ws.buckets, lake: crashingAfter(ws.buckets.lake, allowed) };
      // A small buffer forces staged parts, so the crash can land between parts.
      await expect(ingestFile({ buckets: crashing, key: 'tms/shipments/big.csv', bufferRows: 50 })).rejects.toThrow(
        /simulated crash/,
      );
      const retry = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/big.csv', bufferRows: 50 });
      expect(retry.outcome).toBe('loaded');
      const lake = await lakeShipments(ws.buckets.lake.root);
      expect(lake).toHaveLength(300);
      expect(new Set(lake.map((r) => r.shipment_id)).size).toBe(300);
      // Readers of raw/ only ever see published outputs of the completed run.
      const published = (await keys(ws.buckets.lake, 'raw/')).sort();
      expect(published).toEqual([...(await ledgerOutputs())].sort());
    });
  }
});

async function ledgerOutputs(): Promise<readonly string[]> {
  const { readEntry } = await import('../../functions/core/ledger.js');
  return (await readEntry(ws.buckets.lake, 'tms/shipments/big.csv')).entry.committed?.outputs ?? [];
}

describe('files larger than the row buffer', () => {
  it('spill to staged parts, publish every row once, leave no staging behind', async () => {
    const data = manyRows(1000);
    data[500] = shipment(500, { units: 'lots' });
    await put(ws.buckets.landing, 'tms/shipments/spill.csv', csv(data));
    const result = await ingestFile({
      buckets: ws.buckets,
      key: 'tms/shipments/spill.csv',
      bufferRows: 64,
      batchRows: 16,
    });
    expect(result.outcome).toBe('partial');
    expect(result.rows_in).toBe(1000);
    expect(result.rows_valid).toBe(999);
    // 6 partitions (2 sites × 3 days) of ~166 rows with a 64-row budget: several parts each.
    expect(result.output_files).toBeGreaterThan(6);
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(lake).toHaveLength(999);
    expect(lake.map((r) => Number(r._source_row)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 2).filter((row) => row !== 502),
    );
    expect(await keys(ws.buckets.lake, '_staging/')).toEqual([]);
    expect((await quarantinedRows(ws.buckets)).map((r) => r.row)).toEqual([502]);
  });

  it('more partitions than may stay open: every row published once, in bounded parts, with a warning', async () => {
    // 2 sites × 3 days = 6 partitions, rows cycling through all of them, at most 2 open at once.
    const data = manyRows(120);
    await put(ws.buckets.landing, 'tms/shipments/spread.csv', csv(data));
    const result = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/spread.csv', maxOpenPartitions: 2 });
    expect(result.outcome).toBe('loaded');
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(lake.map((r) => r.shipment_id).sort()).toEqual(data.map((r) => r.shipment_id).sort());
    expect(result.output_files).toBeGreaterThan(12);
    expect(result.warnings).toMatch(/Parquet parts written for 6 site × day partitions/);
    expect(await keys(ws.buckets.lake, '_staging/')).toEqual([]);
  });

  it('the duplicate-key window: exact within it, a warning in the audit when the file outgrows it', async () => {
    const data = [...manyRows(30), shipment(29), shipment(3)];
    await put(ws.buckets.landing, 'tms/shipments/window.csv', csv(data));
    const result = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/window.csv', keyCapacity: 10 });
    // SH-29 repeats within the current window and is caught; SH-3 was seen two windows ago and is not.
    expect(result.rejections.map((r) => r.value)).toEqual(['SH-29']);
    expect(result.warnings).toMatch(/checked within windows of 10 distinct keys/);
    expect(result.rows_in).toBe(result.rows_valid + result.rows_rejected);
  });
});
