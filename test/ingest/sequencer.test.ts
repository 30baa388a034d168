/**
 * Out-of-order S3 events: for one key, an ingest triggered by an older event (smaller sequencer)
 * must not replace what a newer one already published; a newer one replaces as a correction does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import { readEntry, type SourceEntry } from '../../functions/core/ledger.js';
import { compareSequencers } from '../../functions/core/sequencer.js';
import {
  csv,
  lakeShipments,
  put,
  quarantinedRows,
  shipment,
  type TempWorkspace,
  tempWorkspace,
} from '../support/ingest-fixtures.js';

describe('compareSequencers', () => {
  it('orders hex sequencers as numbers, whatever their length or case', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBe(-1);
    expect(compareSequencers('0055AED6DCD90281E6', '0055aed6dcd90281e5')).toBe(1);
    expect(compareSequencers('FF', '0100')).toBe(-1); // 255 < 256, though 'FF' > '0100' as text
    expect(compareSequencers('00A', 'a')).toBe(0);
  });
});

describe('ingest with S3 event sequencers', () => {
  let ws: TempWorkspace;
  const key = 'tms/shipments/S1_2026-01-05.csv';
  // Each version has one row the contract rejects (negative units): row 4 of the older file, row 2
  // of the newer; the quarantine must end up holding the newer version's only.
  const older = csv([shipment(1), shipment(2), shipment(4, { units: '-4' })]);
  const newer = csv([shipment(5, { units: '-5' }), shipment(1, { units: '9' }), shipment(2), shipment(3)]);
  const quarantinedOf = async () => (await quarantinedRows(ws.buckets)).map((r) => [r.file, r.row, r.column]).sort();
  const newerRejects = [[key, 2, 'units']];

  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    ws = await tempWorkspace();
  });
  afterEach(async () => {
    await ws.dispose();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const ingestVersion = async (body: string, sequencer: string) => {
    await put(ws.buckets.landing, key, body);
    return ingestFile({ buckets: ws.buckets, key, sequencer });
  };

  it('an older version processed after a newer one publishes nothing and says why', async () => {
    expect((await ingestVersion(newer, '0055AED6DCD90281E6')).outcome).toBe('partial');
    const stale = await ingestVersion(older, '0055AED6DCD90281E5');
    expect(stale.outcome).toBe('superseded');
    expect(stale.reason).toMatch(/newer version of tms\/shipments\/S1_2026-01-05\.csv .*0055AED6DCD90281E6/);
    expect(stale.output_files).toBe(0);
    expect(stale.rows_in).toBe(stale.rows_valid + stale.rows_rejected);
    expect(stale.rows_rejected).toBe(1);
    expect(await quarantinedOf()).toEqual(newerRejects);
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(lake.map((r) => [r.shipment_id, Number(r.units)])).toEqual([
      ['SH-1', 9],
      ['SH-2', Number(shipment(2).units)],
      ['SH-3', Number(shipment(3).units)],
    ]);
  });

  it('a newer version replaces the older one, as a corrected file does', async () => {
    expect((await ingestVersion(older, '0A')).outcome).toBe('partial');
    expect(await quarantinedOf()).toEqual([[key, 4, 'units']]);
    const fresh = await ingestVersion(newer, '0B');
    expect(fresh.outcome).toBe('partial');
    expect(fresh.warnings).toMatch(/replaced \d+ output file/);
    expect((await lakeShipments(ws.buckets.lake.root)).map((r) => r.shipment_id)).toEqual(['SH-1', 'SH-2', 'SH-3']);
    expect(await quarantinedOf()).toEqual(newerRejects);
  });

  it('the replaced content delivered again (a correction rolled back) loads again', async () => {
    expect((await ingestVersion(older, '0A')).outcome).toBe('partial');
    expect((await ingestVersion(newer, '0B')).outcome).toBe('partial');
    const rolledBack = await ingestVersion(older, '0C');
    expect(rolledBack.outcome).toBe('partial');
    expect(rolledBack.output_files).toBeGreaterThan(0);
    expect((await lakeShipments(ws.buckets.lake.root)).map((r) => [r.shipment_id, Number(r.units)])).toEqual([
      ['SH-1', Number(shipment(1).units)],
      ['SH-2', Number(shipment(2).units)],
    ]);
    expect(await quarantinedOf()).toEqual([[key, 4, 'units']]);
  });

  /**
   * Two versions of the key ingested at the same moment: both read the key's ledger entry before
   * either claims it. The claims are then let through in a chosen order; the compare-and-swap on
   * the entry must leave exactly the newer version's rows, whichever claims first.
   */
  describe.each([
    ['the older claims first', 'older'],
    ['the newer claims first', 'newer'],
  ] as const)('two versions at once: %s', (_, firstClaim) => {
    it('leaves only the newer version in the lake', async () => {
      const sourceEntry = `_ledger/source/${encodeURIComponent(key)}.json`;
      const lake = ws.buckets.lake;
      let reads = 0;
      let bothRead = () => {};
      const bothHaveRead = new Promise<void>((resolve) => {
        bothRead = resolve;
      });
      let firstDone = () => {};
      const firstClaimDone = new Promise<void>((resolve) => {
        firstDone = resolve;
      });
      const firstSequencer = firstClaim === 'older' ? '0A' : '0B';
      const gated = Object.assign(Object.create(Object.getPrototypeOf(lake)), lake) as typeof lake;
      gated.readVersioned = async (k) => {
        const object = await lake.readVersioned(k);
        if (k === sourceEntry && ++reads === 2) bothRead();
        return object;
      };
      gated.writeIfUnchanged = async (k, body, expected) => {
        if (k !== sourceEntry) return lake.writeIfUnchanged(k, body, expected);
        await bothHaveRead;
        const mine = (JSON.parse(String(body)) as SourceEntry).pending?.sequencer;
        if (mine !== firstSequencer) await firstClaimDone;
        const claimed = await lake.writeIfUnchanged(k, body, expected);
        if (mine === firstSequencer) firstDone();
        return claimed;
      };
      const landingWith = async (body: string) => {
        const other = await tempWorkspace();
        cleanups.push(() => other.dispose());
        await put(other.buckets.landing, key, body);
        return other.buckets.landing;
      };
      const [olderResult, newerResult] = await Promise.all([
        ingestFile({
          buckets: { ...ws.buckets, lake: gated, landing: await landingWith(older) },
          key,
          sequencer: '0A',
        }),
        ingestFile({
          buckets: { ...ws.buckets, lake: gated, landing: await landingWith(newer) },
          key,
          sequencer: '0B',
        }),
      ]);
      expect(reads).toBeGreaterThanOrEqual(2);
      expect(newerResult.outcome).toBe('partial');
      expect(olderResult.outcome).toBe(firstClaim === 'older' ? 'partial' : 'superseded');
      // Exactly the newer version's rows: SH-1 corrected, SH-3 added, nothing twice.
      const rows = await lakeShipments(ws.buckets.lake.root);
      expect(rows.map((r) => [r.shipment_id, Number(r.units)])).toEqual([
        ['SH-1', 9],
        ['SH-2', Number(shipment(2).units)],
        ['SH-3', Number(shipment(3).units)],
      ]);
      const { entry } = await readEntry(lake, key);
      expect(entry.committed?.sequencer).toBe('0B');
      expect(entry.pending).toBeUndefined();
      expect(await quarantinedOf()).toEqual(newerRejects);
    });
  });
});
