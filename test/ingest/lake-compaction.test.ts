/**
 * `opslake compact` on the lake's data (core/partition-compaction.ts, partition-ledger.ts): each
 * partition's ingest outputs become one compacted file with the same rows; a re-delivery or a
 * correction after compaction still replaces exactly its file's rows; a crash or a full disk at
 * every storage step of a compaction — and of a correction over a compacted partition — leaves
 * readers every row, nothing unowned, and converges after doctor and a re-run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditWriter } from '../../functions/core/audit.js';
import { doctor } from '../../functions/core/doctor.js';
import { compactLake } from '../../functions/core/partition-compaction.js';
import type { Buckets } from '../../functions/core/storage/port.js';
import { B_CORRECTED, bodyOf, deliver, deliverAll, FILES, idsOf } from '../support/compaction-fixtures.js';
import { faultyBuckets } from '../support/fault-store.js';
import { duckdb, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';
import { compactionEntries, expectConsistent, unownedFiles } from '../support/lake-invariants.js';

/** What a reader of the raw table sees: every row, every column, the partition columns too. */
const view = (ws: TempWorkspace, distinct = false) =>
  duckdb(
    `select ${distinct ? 'distinct' : ''} * from read_parquet('${ws.buckets.lake.root}/raw/tms/shipments/**/*.parquet', union_by_name = true)
     order by shipment_id, _source_key`,
  );

const dataFiles = async (ws: TempWorkspace) =>
  (await duckdb(`select file from glob('${ws.buckets.lake.root}/raw/tms/shipments/site=*/dt=*/*.parquet')`)).length;

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

describe('lake compaction', () => {
  it("merges each partition's files into one with the same rows; a second run has nothing to do", async () => {
    await deliverAll(ws.buckets);
    const before = await view(ws);
    expect(before).toHaveLength(12);
    expect(await dataFiles(ws)).toBe(6);

    const report = await compactLake(ws.buckets.lake);
    expect(report.partitions.map((p) => [p.filesBefore, p.filesAfter, p.members, p.outcome])).toEqual([
      [3, 1, 3, 'compacted'],
      [3, 1, 3, 'compacted'],
    ]);
    expect([report.filesBefore, report.filesAfter]).toEqual([6, 2]);
    expect(await dataFiles(ws)).toBe(2);
    expect(await view(ws)).toEqual(before);
    await expectConsistent(ws.buckets, 'shipment_id');

    const again = await compactLake(ws.buckets.lake);
    expect(again.partitions).toEqual([]);
    expect(again.filesAfter).toBe(2);
  });

  it('a dry run reports the same and changes nothing', async () => {
    await deliverAll(ws.buckets);
    const dry = await compactLake(ws.buckets.lake, { dryRun: true });
    expect([dry.filesBefore, dry.filesAfter, dry.dryRun]).toEqual([6, 2, true]);
    expect(await dataFiles(ws)).toBe(6);
    expect(await compactionEntries(ws.buckets)).toEqual([]);
  });

  it('after compaction a re-delivery is a duplicate and a correction replaces exactly its rows', async () => {
    await deliverAll(ws.buckets);
    await compactLake(ws.buckets.lake);
    const compacted = await view(ws);

    expect((await deliver(ws.buckets, FILES.a.key, bodyOf(FILES.a.ids))).outcome).toBe('duplicate');
    expect(await view(ws)).toEqual(compacted);

    expect((await deliver(ws.buckets, FILES.b.key, B_CORRECTED)).outcome).toBe('loaded');
    const corrected = await view(ws);
    expect(idsOf(corrected, FILES.b.key)).toEqual(['SH-13', 'SH-18', 'SH-19', 'SH-24', 'SH-42']);
    expect(corrected.find((r) => r.shipment_id === 'SH-18')?.units).toBe(999n);
    // The other files' rows are untouched, and b's old rows are in no compacted file any more.
    const others = (rows: Record<string, unknown>[]) => rows.filter((r) => r._source_key !== FILES.b.key);
    expect(others(corrected)).toEqual(others(compacted));
    expect(corrected).toHaveLength(compacted.length);
    await expectConsistent(ws.buckets, 'shipment_id');

    // Compacting again merges the correction's outputs; the original content back replaces it again.
    await compactLake(ws.buckets.lake);
    expect(await view(ws)).toEqual(corrected);
    expect(await dataFiles(ws)).toBe(2);
    // b's first content again: the same output names as its first version, whose rows are gone.
    expect((await deliver(ws.buckets, FILES.b.key, bodyOf(FILES.b.ids))).outcome).toBe('loaded');
    const untimed = (rows: Record<string, unknown>[]) => rows.map(({ _ingested_at, ...rest }) => rest);
    expect(untimed(await view(ws))).toEqual(untimed(compacted));
    await expectConsistent(ws.buckets, 'shipment_id');
  });
});

/**
 * The lake store with b's correction ingested (through the unwrapped buckets) once, at the first
 * compaction intent: just before it is written, or just after — between a round's plan and its
 * check that the versions it merges still stand.
 */
function correctingAtFirstIntent(buckets: Buckets, when: 'before' | 'after'): Buckets['lake'] {
  let fired = false;
  const correct = () => deliver(buckets, FILES.b.key, B_CORRECTED);
  const lake = buckets.lake;
  return Object.assign(Object.create(lake) as Buckets['lake'], {
    async writeIfUnchanged(key: string, body: Uint8Array | string, expected: string | null) {
      // Claimed before the write: partitions are compacted in parallel, and only one may correct.
      const intent = !fired && key.startsWith('_ledger/partition/');
      if (intent) fired = true;
      if (intent && when === 'before') await correct();
      const written = await lake.writeIfUnchanged(key, body, expected);
      if (intent && when === 'after') await correct();
      return written;
    },
  });
}

describe('lake compaction racing a correction', () => {
  it.each(['before', 'after'] as const)(
    'a correction of b %s the intent: no round merges its replaced rows; doctor and a re-run converge',
    async (when) => {
      await deliverAll(ws.buckets);
      const report = await compactLake(correctingAtFirstIntent(ws.buckets, when));
      expect(report.partitions.some((p) => p.outcome !== 'compacted') || when === 'before').toBe(true);
      await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake) });
      const settled = await view(ws);
      expect(idsOf(settled, FILES.b.key)).toEqual(['SH-13', 'SH-18', 'SH-19', 'SH-24', 'SH-42']);
      expect(idsOf(settled, FILES.a.key)).toEqual(FILES.a.ids.map((n) => `SH-${n}`).sort());
      await expectConsistent(ws.buckets, 'shipment_id');
      await compactLake(ws.buckets.lake);
      expect(await view(ws)).toEqual(settled);
      expect(await dataFiles(ws)).toBe(2);
      await expectConsistent(ws.buckets, 'shipment_id');
    },
  );
});

/** The storage mutations of a clean compaction of the three files, counted in a throw-away workspace. */
async function countSteps(work: (buckets: Buckets, raw: Buckets) => Promise<unknown>): Promise<string[]> {
  const other = await tempWorkspace();
  try {
    await deliverAll(other.buckets);
    const counting = faultyBuckets(other.buckets);
    await work(counting.buckets, other.buckets);
    return counting.operations;
  } finally {
    await other.dispose();
  }
}

const compactThrough = (buckets: Buckets) => compactLake(buckets.lake);
const COMPACTION_STEPS = await countSteps(compactThrough);

/** A correction of b over compacted partitions: its publish rewrites them without b's old rows. */
async function compactThenCorrect(buckets: Buckets, raw: Buckets) {
  await compactLake(raw.lake);
  return deliver(buckets, FILES.b.key, B_CORRECTED, raw);
}
const CORRECTION_STEPS = await countSteps(compactThenCorrect);

describe('lake compaction faults (local directory store)', () => {
  it('the fixtures have steps to fault: intents, compacted files, commits, deletes', () => {
    for (const kind of ['lake cas _ledger/partition/', 'lake write raw/', 'lake delete raw/']) {
      expect(COMPACTION_STEPS.some((step) => step.startsWith(kind))).toBe(true);
      expect(CORRECTION_STEPS.some((step) => step.startsWith(kind))).toBe(true);
    }
  });

  describe.each(['kill', 'enospc'] as const)('%s', (kind) => {
    it.each(COMPACTION_STEPS.map((step, i) => [i + 1, step] as const))(
      `${kind} at compaction step %i (%s): readers keep every row, nothing is unowned, doctor + a re-run converge`,
      async (at) => {
        await deliverAll(ws.buckets);
        const before = await view(ws);
        const faulty = faultyBuckets(ws.buckets, { at, kind });
        await expect(compactLake(faulty.buckets.lake)).rejects.toThrow(kind === 'kill' ? /simulated crash/ : /ENOSPC/);
        expect(faulty.fired()).toBe(true);
        // Mid-compaction a row may be in its ingest output and in the compacted file: the same row.
        expect(await view(ws, true)).toEqual(before);
        expect(await unownedFiles(ws.buckets)).toEqual([]);
        await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake) });
        await compactLake(ws.buckets.lake);
        expect(await view(ws)).toEqual(before);
        expect(await dataFiles(ws)).toBe(2);
        await expectConsistent(ws.buckets, 'shipment_id');
      },
    );

    it.each(CORRECTION_STEPS.map((step, i) => [i + 1, step] as const))(
      `${kind} at correction-after-compaction step %i (%s): one whole version of b stands after doctor`,
      async (at) => {
        await deliverAll(ws.buckets);
        const faulty = faultyBuckets(ws.buckets, { at, kind });
        const run = compactThenCorrect(faulty.buckets, ws.buckets);
        // A fault in the step that merely writes the audit file is absorbed by the ledger (settle rewrites it).
        await run.catch((error: Error) =>
          expect(error.message).toMatch(kind === 'kill' ? /simulated crash/ : /ENOSPC/),
        );
        expect(await unownedFiles(ws.buckets)).toEqual([]);
        await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake) });
        const standing = (await expectConsistent(ws.buckets, 'shipment_id')).get(FILES.b.key)?.ids;
        const original = FILES.b.ids.map((n) => `SH-${n}`).sort();
        expect([original, ['SH-13', 'SH-18', 'SH-19', 'SH-24', 'SH-42']]).toContainEqual(standing);
        const rows = await view(ws);
        expect(idsOf(rows, FILES.b.key)).toEqual(standing);
        expect(idsOf(rows, FILES.a.key)).toEqual(FILES.a.ids.map((n) => `SH-${n}`).sort());
      },
    );
  });
});
