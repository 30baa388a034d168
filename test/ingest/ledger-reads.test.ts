/**
 * How often a publish reads its key's ledger entry, and that reading less never decides on stale
 * news: the claim of a new or idle key reuses what the attempt's recovery read, and the commit and
 * settle swap on the version the previous swap returned (docs/ingest.md "Performance").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import { readEntry, sourceLedgerKey } from '../../functions/core/ledger.js';
import type { ObjectStore } from '../../functions/core/storage/port.js';
import { csv, lakeShipments, put, shipment, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

const key = 'tms/shipments/S1_2026-01-05.csv';

/** The lake, counting reads and swaps of one key's ledger entry. */
function countingEntryAccess(lake: ObjectStore, entryKey: string) {
  const counts = { reads: 0, swaps: 0 };
  const store: ObjectStore = Object.assign(Object.create(Object.getPrototypeOf(lake)), lake);
  store.readVersioned = (k) => {
    if (k === entryKey) counts.reads++;
    return lake.readVersioned(k);
  };
  store.writeIfUnchanged = (k, body, expected) => {
    if (k === entryKey) counts.swaps++;
    return lake.writeIfUnchanged(k, body, expected);
  };
  return { store, counts };
}

describe('ledger entry reads of a publish', () => {
  it('a new key: one read (recovery), three swaps (intent, commit, settle)', async () => {
    await put(ws.buckets.landing, key, csv([shipment(1), shipment(2)]));
    const { store, counts } = countingEntryAccess(ws.buckets.lake, sourceLedgerKey(key));
    const result = await ingestFile({ buckets: { ...ws.buckets, lake: store }, key });
    expect(result.outcome).toBe('loaded');
    expect(counts).toEqual({ reads: 1, swaps: 3 });
    expect((await readEntry(ws.buckets.lake, key)).entry.committed?.ingestId).toBe(result.ingest_id);
  });

  it('a correction of an idle key: still one read', async () => {
    await put(ws.buckets.landing, key, csv([shipment(1)]));
    await ingestFile({ buckets: ws.buckets, key });
    await put(ws.buckets.landing, key, csv([shipment(1), shipment(2)]));
    const { store, counts } = countingEntryAccess(ws.buckets.lake, sourceLedgerKey(key));
    expect((await ingestFile({ buckets: { ...ws.buckets, lake: store }, key })).outcome).toBe('loaded');
    expect(counts).toEqual({ reads: 1, swaps: 3 });
  });

  it('an entry that moved on while the file was read is decided on afresh, not on what recovery read', async () => {
    const original = csv([shipment(1), shipment(2)]);
    const correction = csv([shipment(1), shipment(2), shipment(3)]);
    await put(ws.buckets.landing, key, original);
    await ingestFile({ buckets: ws.buckets, key });
    // The original again (a correction rolled back), its reading held until the correction stands:
    // recovery saw the original committed, which would make it a duplicate.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const heldLanding: ObjectStore = Object.assign(Object.create(Object.getPrototypeOf(ws.buckets.landing)), {
      ...ws.buckets.landing,
      async *read(k: string) {
        await held;
        yield* ws.buckets.landing.read(k);
      },
    });
    const rollBack = ingestFile({ buckets: { ...ws.buckets, landing: heldLanding }, key });
    const other = await tempWorkspace();
    try {
      await put(other.buckets.landing, key, correction);
      expect((await ingestFile({ buckets: { ...ws.buckets, landing: other.buckets.landing }, key })).outcome).toBe(
        'loaded',
      );
    } finally {
      await other.dispose();
    }
    release();
    const result = await rollBack;
    expect(result.outcome).toBe('loaded');
    const rows = await lakeShipments(ws.buckets.lake.root);
    expect(rows.map((r) => r.shipment_id)).toEqual(['SH-1', 'SH-2']);
  });
});
