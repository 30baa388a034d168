/**
 * The data compaction of lake-compaction.test.ts against a real S3 API (moto's server on loopback):
 * the same core over the S3 adapter — conditional PUTs of the compaction entries, the compacted
 * file's upload, DeleteObject of the outputs it absorbed — with identical rows before and after,
 * a correction after compaction replacing exactly its rows, and a crash at every storage step of
 * a compaction followed by doctor and a re-run. The scheduled Lambda's body (compact-handler.ts)
 * runs here too. Each case works under its own key prefix of the three buckets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWriter } from '../../functions/core/audit.js';
import { doctor } from '../../functions/core/doctor.js';
import { compactLake } from '../../functions/core/partition-compaction.js';
import { type Buckets, readAll } from '../../functions/core/storage/port.js';
import { compactLakeAndAudit } from '../../functions/ingest/compact-handler.js';
import { AUDIT_PREFIX, partitionLedgerKey, rawPartitionOf } from '../../schemas/lake-layout.js';
import {
  B_CORRECTED,
  B_CORRECTED_IDS,
  bodyOf,
  deliver,
  deliverAll,
  FILES,
  idsOf,
} from '../support/compaction-fixtures.js';
import { faultyBuckets } from '../support/fault-store.js';
import { keys, tempWorkspace } from '../support/ingest-fixtures.js';
import { compactionEntries, expectConsistent, parquetRows, unownedFiles } from '../support/lake-invariants.js';
import { motoBuckets } from '../support/moto.js';

const BUCKETS = { landing: 'lakecompact-landing', lake: 'lakecompact-lake', quarantine: 'lakecompact-quarantine' };
const TABLE = 'raw/tms/shipments/';

const dataFiles = async (buckets: Buckets) => (await keys(buckets.lake, TABLE)).filter((k) => rawPartitionOf(k));

/** A row as a string: rows hold bigints, which JSON.stringify refuses. */
const rowText = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));

/**
 * What a reader of the raw table sees: every row of every data file, sorted. `distinct`: identical
 * rows once, as staging's latest-version pick counts a row in an ingest output and a compacted
 * file mid-compaction.
 */
async function view(buckets: Buckets, distinct = false): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  for (const file of await dataFiles(buckets)) rows.push(...(await parquetRows(await readAll(buckets.lake, file))));
  if (distinct) rows = [...new Map(rows.map((r) => [rowText(r), r])).values()];
  const order = (r: Record<string, unknown>) => `${r.shipment_id}\u0000${r._source_key}`;
  return rows.sort((x, y) => order(x).localeCompare(order(y)));
}

/** The storage mutations of a clean compaction of the three files, counted on a local directory. */
const COMPACTION_STEPS = await (async () => {
  const ws = await tempWorkspace();
  try {
    await deliverAll(ws.buckets);
    const counting = faultyBuckets(ws.buckets);
    await compactLake(counting.buckets.lake);
    return counting.operations;
  } finally {
    await ws.dispose();
  }
})();

const moto = motoBuckets(BUCKETS);
const s3Buckets = (): Buckets => moto.buckets();

beforeAll(() => moto.start(), 60_000);
afterAll(() => moto.stop());

describe('lake compaction (S3 via moto)', () => {
  it("merges each partition's files into one object with the same rows; a second run has nothing to do", async () => {
    const buckets = s3Buckets();
    await deliverAll(buckets);
    const before = await view(buckets);
    expect(before).toHaveLength(12);
    expect(await dataFiles(buckets)).toHaveLength(6);

    const report = await compactLake(buckets.lake);
    expect(report.partitions.map((p) => [p.filesBefore, p.filesAfter, p.members, p.outcome])).toEqual([
      [3, 1, 3, 'compacted'],
      [3, 1, 3, 'compacted'],
    ]);
    expect(await dataFiles(buckets)).toHaveLength(2);
    expect(await view(buckets)).toEqual(before);
    await expectConsistent(buckets, 'shipment_id');

    const again = await compactLake(buckets.lake);
    expect([again.partitions, again.filesBefore, again.filesAfter]).toEqual([[], 2, 2]);
  });

  it('after compaction a re-delivery is a duplicate and a correction replaces exactly its rows', async () => {
    const buckets = s3Buckets();
    await deliverAll(buckets);
    await compactLake(buckets.lake);
    const compacted = await view(buckets);

    expect((await deliver(buckets, FILES.a.key, bodyOf(FILES.a.ids))).outcome).toBe('duplicate');
    expect(await view(buckets)).toEqual(compacted);

    expect((await deliver(buckets, FILES.b.key, B_CORRECTED)).outcome).toBe('loaded');
    const corrected = await view(buckets);
    expect(idsOf(corrected, FILES.b.key)).toEqual(B_CORRECTED_IDS);
    expect(corrected.find((r) => r.shipment_id === 'SH-18')?.units).toBe(999n);
    const others = (rows: Record<string, unknown>[]) => rows.filter((r) => r._source_key !== FILES.b.key);
    expect(others(corrected)).toEqual(others(compacted));
    expect(corrected).toHaveLength(compacted.length);
    await expectConsistent(buckets, 'shipment_id');

    // The next run merges the correction's outputs back into one file per partition.
    await compactLake(buckets.lake);
    expect(await view(buckets)).toEqual(corrected);
    expect(await dataFiles(buckets)).toHaveLength(2);
    await expectConsistent(buckets, 'shipment_id');
  });
});

describe('lake compaction faults (S3 via moto)', () => {
  it('a clean run on S3 takes the same steps as on a local directory, and there are intents, files and deletes to fault', async () => {
    const buckets = s3Buckets();
    await deliverAll(buckets);
    const counting = faultyBuckets(buckets);
    await compactLake(counting.buckets.lake);
    // Partitions are compacted in parallel: the order follows the store's latency, not the steps.
    // Data file names hash the ingest ids, which differ between the two runs: compared by partition.
    const kinds = (steps: string[]) => steps.map((s) => s.replace(/(\/dt=[^/]+\/)[^/]+$/, '$1*')).sort();
    expect(kinds(counting.operations)).toEqual(kinds(COMPACTION_STEPS));
    for (const kind of ['lake cas _ledger/partition/', 'lake write raw/', 'lake delete raw/']) {
      expect(COMPACTION_STEPS.some((step) => step.startsWith(kind))).toBe(true);
    }
  });

  // The label is the local run's step of that number; on S3 the two partitions' steps interleave.
  it.concurrent.each(COMPACTION_STEPS.map((step, i) => [i + 1, step] as const))(
    'kill at compaction step %i (%s): readers keep every row, nothing is unowned, doctor + a re-run converge',
    async (at) => {
      const buckets = s3Buckets();
      await deliverAll(buckets);
      const before = await view(buckets);
      const faulty = faultyBuckets(buckets, { at, kind: 'kill' });
      await expect(compactLake(faulty.buckets.lake)).rejects.toThrow(/simulated crash/);
      expect(faulty.fired()).toBe(true);
      expect(await view(buckets, true)).toEqual(before);
      expect(await unownedFiles(buckets)).toEqual([]);
      await doctor(buckets, { hooks: auditWriter(buckets.lake) });
      await compactLake(buckets.lake);
      expect(await view(buckets)).toEqual(before);
      expect(await dataFiles(buckets)).toHaveLength(2);
      await expectConsistent(buckets, 'shipment_id');
    },
    60_000,
  );
});

/** A logger that keeps what it was told, as the Lambda's Powertools Logger would print it. */
function recordingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, message, fields });
  return { lines, logger: { info: at('info'), warn: at('warn') } as never };
}

describe("the scheduled Lambda's body (S3 via moto)", () => {
  it('compacts the data, then the audit log, logging a summary of each; a re-run changes nothing', async () => {
    const buckets = s3Buckets();
    await deliverAll(buckets);
    const before = await view(buckets);
    const auditDays = new Set((await keys(buckets.lake, AUDIT_PREFIX)).map((k) => k.replace(/\/[^/]+$/, '')));
    const { lines, logger } = recordingLogger();

    const first = await compactLakeAndAudit(buckets.lake, logger);
    const lakeSummary = {
      partitionsCompacted: 2,
      filesBefore: 6,
      filesAfter: 2,
      partitionsBusy: 0,
      partitionsConflict: 0,
      filesSkipped: 0,
    };
    expect(first.lake).toEqual(lakeSummary);
    // Three ingests, three audit files: one day of them (two if this ran across midnight UTC).
    expect(first.audit).toMatchObject({ filesBefore: 3, filesAfter: auditDays.size, records: 3, filesSkipped: 0 });
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['info', 'lake data compacted'],
      ['info', 'audit log compacted'],
    ]);
    expect(lines[0]?.fields).toEqual({ lake: buckets.lake.location, ...lakeSummary });
    expect(lines[1]?.fields).toEqual({ lake: buckets.lake.location, ...first.audit });
    expect(await view(buckets)).toEqual(before);
    await expectConsistent(buckets, 'shipment_id');

    const again = await compactLakeAndAudit(buckets.lake, recordingLogger().logger);
    expect(again.lake).toEqual({ ...lakeSummary, partitionsCompacted: 0, filesBefore: 2 });
    expect(again.audit).toMatchObject({ daysCompacted: 0, filesDeleted: 0, records: 3 });
  });

  it('counts a partition another live round holds as busy and leaves it as it is', async () => {
    const buckets = s3Buckets();
    await deliverAll(buckets);
    const held = rawPartitionOf((await dataFiles(buckets))[0] ?? '') ?? '';
    // Another process's round, within its lease: this run must not roll it back.
    const pending = { roundId: 'compact-elsewhere', owner: { host: 'elsewhere', pid: 1, since: Date.now() } };
    const entry = { partition: held, pending: { ...pending, members: [], absorbed: [] } };
    expect(await buckets.lake.writeIfUnchanged(partitionLedgerKey(held), JSON.stringify(entry), null)).toEqual(
      expect.any(String),
    );

    const { lake } = await compactLakeAndAudit(buckets.lake, recordingLogger().logger);
    expect(lake).toEqual({
      partitionsCompacted: 1,
      filesBefore: 6,
      filesAfter: 4,
      partitionsBusy: 1,
      partitionsConflict: 0,
      filesSkipped: 0,
    });
    expect((await dataFiles(buckets)).filter((k) => k.startsWith(held))).toHaveLength(3);
    expect((await compactionEntries(buckets)).find((e) => e.partition === held)?.pending?.roundId).toBe(
      'compact-elsewhere',
    );
  });
});
