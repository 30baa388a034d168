/**
 * The same content ingested again with another result — the site master arrived after the file —
 * is a replay: a new version replaces the one that stood, audited `replayed` with `replay_of`
 * naming the attempt it re-ran, and the old version's quarantined rows go with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import { readAll } from '../../functions/core/storage/port.js';
import { landingState, replayCandidates, selectCandidates } from '../../functions/local/replay.js';
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

  it('a fix that makes a row fail another rule instead is a replay: the quarantine gets the new reason', async () => {
    // Shipment 7 is at S2: read in New York time it leaves at 13:00Z, after its 12:00Z delivery.
    const late = csv([shipment(2), shipment(7, { ...local(7), delivered_at: '2026-01-02T12:00:00Z' })]);
    await put(ws.buckets.landing, key, late);
    const first = await ingestFile({ buckets: ws.buckets, key, siteTimezones: onlyS1 });
    expect((await quarantinedRows(ws.buckets)).map((r) => r.rule)).toEqual(['timezone_known']);
    const replay = await ingestFile({ buckets: ws.buckets, key, siteTimezones: bothSites });
    // The same counts (1 valid + 1 rejected), other reasons: not a duplicate.
    expect(replay).toMatchObject({ outcome: 'replayed', replay_of: first.ingest_id, rows_valid: 1, rows_rejected: 1 });
    expect((await quarantinedRows(ws.buckets)).map((r) => [r.rule, r.ingest_id])).toEqual([
      ['delivered_not_before_shipped', replay.ingest_id],
    ]);
    await expectConsistent(ws.buckets, 'shipment_id');
    expect((await ingestFile({ buckets: ws.buckets, key, siteTimezones: bothSites })).outcome).toBe('duplicate');
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

describe('what a replay would re-run (replayCandidates)', () => {
  const bad = 'tms/shipments/broken.csv';
  const candidates = () => replayCandidates(ws.buckets);
  const defined = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('expected a candidate');
    return value;
  };

  it('lists a partial file with its rules, until a replay loads its rows', async () => {
    await put(ws.buckets.landing, key, body);
    const first = await ingestFile({ buckets: ws.buckets, key, siteTimezones: onlyS1 });
    expect(await candidates()).toEqual([
      {
        key,
        feed: 'tms/shipments',
        ingestId: first.ingest_id,
        outcome: 'partial',
        rowsIn: 5,
        rowsQuarantined: 3,
        rules: { timezone_known: 3 },
        contentHash: first.content_hash,
      },
    ]);
    await ingestFile({ buckets: ws.buckets, key, siteTimezones: bothSites, replayOf: first.ingest_id });
    expect(await candidates()).toEqual([]);
  });

  it('lists a file rejected whole until a later version of its key is committed', async () => {
    await put(ws.buckets.landing, bad, 'shipment_id,order_id\nSH-1,SO-1\n');
    const rejected = await ingestFile({ buckets: ws.buckets, key: bad, siteTimezones: bothSites });
    const [candidate] = await candidates();
    expect(candidate).toMatchObject({ key: bad, outcome: 'rejected', ingestId: rejected.ingest_id });
    expect(candidate?.rules).toEqual({ missing_column: rejected.rows_in });
    // The note and the copy stay in quarantine; the ledger's later version says the rejection is over.
    await put(ws.buckets.landing, bad, body);
    expect(await landingState(ws.buckets.landing, ws.buckets.quarantine, defined(candidate))).toBe('changed');
    expect((await ingestFile({ buckets: ws.buckets, key: bad, siteTimezones: bothSites })).outcome).toBe('loaded');
    expect(await candidates()).toEqual([]);
  });

  it('selects by rule and feed, and refuses a selection that names nothing', async () => {
    await put(ws.buckets.landing, key, body);
    await ingestFile({ buckets: ws.buckets, key, siteTimezones: onlyS1 });
    const all = await candidates();
    expect(selectCandidates(all, { rule: 'timezone_known', feed: 'tms/shipments' }).map((c) => c.key)).toEqual([key]);
    expect(() => selectCandidates(all, { rule: 'min' })).toThrow(/rules quarantined now: timezone_known \(1 file\)/);
    expect(() => selectCandidates(all, { keys: ['tms/shipments/other.csv'] })).toThrow(/has nothing to replay/);
    expect(() => selectCandidates(all, { feed: 'tms/nope' })).toThrow(/no such feed/);
    expect(await landingState(ws.buckets.landing, ws.buckets.quarantine, defined(all[0]))).toBe('ready');
    await ws.buckets.landing.delete(key);
    expect(await landingState(ws.buckets.landing, ws.buckets.quarantine, defined(all[0]))).toBe('missing');
  });
});
