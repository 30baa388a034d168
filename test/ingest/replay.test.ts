/**
 * The same content ingested again with another result — the site master arrived after the file —
 * is a replay: a new version replaces the one that stood, audited `replayed` with `replay_of`
 * naming the attempt it re-ran, and the old version's quarantined rows go with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import { readAll } from '../../functions/core/storage/port.js';
import { quarantineReasonKey } from '../../schemas/lake-layout.js';
import { QUARANTINE_ROW_COLUMNS, type WholeFileRejectionNote } from '../../schemas/quarantine.js';
import { csv, put, quarantinedRows, shipment, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';
import { expectConsistent } from '../support/lake-invariants.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

const key = 'tms/shipments/S2_2026-01-02.csv';
// Shipments 2 and 4 are at S1 (offsets given); 1, 3 and 5 at S2 with zone-less local times.
const local = (n: number) => ({ shipped_at: `2026-01-0${1 + (n % 3)}T08:00:00` });
const body = csv([1, 2, 3, 4, 5].map((n) => (n % 2 === 1 ? shipment(n, local(n)) : shipment(n))));
const onlyS1 = new Map([['S1', 'Europe/Berlin']]);
const bothSites = new Map([...onlyS1, ['S2', 'America/Chicago']]);

describe('a replay after the site master arrived', () => {
  it('quarantines the zone-less rows of an unknown site, naming the site and the attempt', async () => {
    await put(ws.buckets.landing, key, body);
    const first = await ingestFile({ buckets: ws.buckets, key, siteTimezones: onlyS1 });
    expect(first).toMatchObject({ outcome: 'partial', rows_in: 5, rows_valid: 2, rows_rejected: 3, replay_of: null });
    const rows = await quarantinedRows(ws.buckets);
    expect(rows.map((r) => [r.row, r.rule, r.site]).sort()).toEqual([
      [2, 'timezone_known', 'S2'],
      [4, 'timezone_known', 'S2'],
      [6, 'timezone_known', 'S2'],
    ]);
    for (const row of rows) {
      expect(Object.keys(row).every((member) => member in QUARANTINE_ROW_COLUMNS)).toBe(true);
      expect(row.ingest_id).toBe(first.ingest_id);
      expect(Date.parse(String(row.ingested_at))).toBe(first.started_at / 1000);
    }
  });

  it('is audited replayed, replaces the version and leaves lake + quarantine = rows_in', async () => {
    await put(ws.buckets.landing, key, body);
    const first = await ingestFile({ buckets: ws.buckets, key, siteTimezones: onlyS1 });
    const replay = await ingestFile({ buckets: ws.buckets, key, siteTimezones: bothSites });
    expect(replay).toMatchObject({ outcome: 'replayed', replay_of: first.ingest_id, rows_valid: 5, rows_rejected: 0 });
    expect(replay.warnings).toContain(`replay of ${first.ingest_id}: now 5 valid + 0 rejected, was 2 + 3`);
    expect(await quarantinedRows(ws.buckets)).toEqual([]);
    const standing = await expectConsistent(ws.buckets, 'shipment_id');
    expect(standing.get(key)?.ids).toEqual(['SH-1', 'SH-2', 'SH-3', 'SH-4', 'SH-5']);
    // Nothing changed since: the same content with the same result is a duplicate.
    const again = await ingestFile({ buckets: ws.buckets, key, siteTimezones: bothSites });
    expect(again.outcome).toBe('duplicate');
  });

  it('a replay asked for by attempt id (opslake replay) is audited replayed even after a whole-file rejection', async () => {
    const bad = 'tms/shipments/broken.csv';
    await put(ws.buckets.landing, bad, 'shipment_id,order_id\nSH-1,SO-1\n');
    const rejected = await ingestFile({ buckets: ws.buckets, key: bad, siteTimezones: bothSites });
    expect(rejected.outcome).toBe('rejected');
    const note = JSON.parse(
      Buffer.from(await readAll(ws.buckets.quarantine, quarantineReasonKey(bad))).toString('utf8'),
    ) as WholeFileRejectionNote;
    expect(note).toMatchObject({
      key: bad,
      rule: 'missing_column',
      ingest_id: rejected.ingest_id,
      feed: 'tms/shipments',
    });
    await put(ws.buckets.landing, bad, body);
    const fixed = await ingestFile({
      buckets: ws.buckets,
      key: bad,
      siteTimezones: bothSites,
      replayOf: rejected.ingest_id,
    });
    expect(fixed).toMatchObject({ outcome: 'replayed', replay_of: rejected.ingest_id, rows_valid: 5 });
  });
});
