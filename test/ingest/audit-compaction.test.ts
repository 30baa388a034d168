/**
 * `opslake compact` on the audit log (core/audit-compaction.ts): a day's small audit files become
 * one file with the same records and column types; foreign files are left alone; a crash or a full
 * disk at every storage step leaves readers the same view (no record twice, none missing) and the
 * re-run finishes the job; ingest after compaction — a re-delivery, a correction — still works.
 * The CLI, the warehouse and the dashboard over a built workspace: test/cli/compact.test.ts.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import {
  AUDIT_COLUMN_LIST,
  AUDIT_TABLE_METADATA,
  type AuditRecord,
  auditKey,
  writeAudit,
} from '../../functions/core/audit.js';
import { compactAudit, decodeAuditFile } from '../../functions/core/audit-compaction.js';
import { toParquet } from '../../functions/core/parquet/writer.js';
import { readAll } from '../../functions/core/storage/port.js';
import { workspace } from '../../functions/local/workspace.js';
import { workspaceStatus } from '../../functions/local/workspace-status.js';
import { AUDIT_PREFIX, auditDayPrefix } from '../../schemas/lake-layout.js';
import { AUDIT_DAY_1, syntheticAuditRecord } from '../support/audit-records.js';
import { FAULT_KEY, idsOf, ingestVersion, VERSIONS } from '../support/fault-fixtures.js';
import { faultyBuckets } from '../support/fault-store.js';
import { duckdb, keys, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';
import { expectConsistent } from '../support/lake-invariants.js';

const record = syntheticAuditRecord;

/** Five attempts over two days: three, then two. */
const RECORDS = [record(1, 0), record(2, 0), record(3, 0), record(4, 1), record(5, 1)];

async function writeRecords(ws: TempWorkspace, records: readonly AuditRecord[]) {
  for (const r of records) await writeAudit(ws.buckets.lake, auditKey(r), r);
}

/** What the audit log's readers see: every record once (DuckDB over the glob the warehouse's source reads) and `opslake status`. */
async function readersView(ws: TempWorkspace) {
  const glob = join(ws.buckets.lake.root, AUDIT_PREFIX, '**', '*.parquet');
  const rows = await duckdb(
    `select * from (select distinct * from read_parquet('${glob}', union_by_name = true)) order by ingest_id`,
  );
  const status = await workspaceStatus(workspace(ws.home), new Date(AUDIT_DAY_1 / 1000));
  return { rows, feeds: status.feeds, unknown: status.unknownFeedAttempts };
}

const auditKeys = async (ws: TempWorkspace) => (await keys(ws.buckets.lake, AUDIT_PREFIX)).sort();

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

describe('audit compaction', () => {
  it('merges each day into one file with the same records and the same column types', async () => {
    await writeRecords(ws, RECORDS);
    const before = await readersView(ws);
    expect(before.rows).toHaveLength(5);
    const glob = join(ws.buckets.lake.root, AUDIT_PREFIX, '**', '*.parquet');
    const types = `select column_name, column_type from (describe select * from read_parquet('${glob}'))`;
    const typesBefore = await duckdb(types);

    const report = await compactAudit(ws.buckets.lake);
    expect(report.days.map((d) => [d.day, d.filesBefore, d.filesAfter, d.records, d.deleted])).toEqual([
      ['2026-01-10', 3, 1, 3, 3],
      ['2026-01-11', 2, 1, 2, 2],
    ]);
    const after = await auditKeys(ws);
    expect(after).toHaveLength(2);
    expect(after.every((k) => /\/compacted-[0-9a-f]{16}\.parquet$/.test(k))).toBe(true);
    expect(await readersView(ws)).toEqual(before);
    expect(await duckdb(types)).toEqual(typesBefore);
    // The records themselves, decoded: every value kept, microseconds included.
    const decoded = [];
    for (const key of after)
      decoded.push(...((await decodeAuditFile(await readAll(ws.buckets.lake, key))) as AuditRecord[]));
    expect(decoded).toEqual(RECORDS);
  });

  it('is idempotent, and a record that lands after a compaction is merged by the next one', async () => {
    await writeRecords(ws, RECORDS);
    await compactAudit(ws.buckets.lake);
    const first = await auditKeys(ws);
    const again = await compactAudit(ws.buckets.lake);
    expect(again.days.every((d) => d.target === null && d.deleted === 0)).toBe(true);
    expect(await auditKeys(ws)).toEqual(first);

    const late = record(6, 1);
    await writeRecords(ws, [late]);
    const before = await readersView(ws);
    expect(before.rows).toHaveLength(6);
    const report = await compactAudit(ws.buckets.lake);
    expect(report.days.map((d) => [d.day, d.filesBefore, d.deleted, d.records])).toEqual([
      ['2026-01-10', 1, 0, 3],
      ['2026-01-11', 2, 2, 3],
    ]);
    const after = await auditKeys(ws);
    expect(after).toHaveLength(2);
    expect(after[0]).toBe(first[0]);
    expect(after[1]).not.toBe(first[1]);
    expect(await readersView(ws)).toEqual(before);
  });

  it('merges a file from before an optional column existed, the column null as readers read it', async () => {
    await writeRecords(ws, RECORDS.slice(0, 1));
    const older = AUDIT_COLUMN_LIST.filter(([name]) => name !== 'replay_of');
    const schema = schemaOf(older, new Map([AUDIT_TABLE_METADATA]));
    const old = record(7, 0, { replay_of: null });
    const batch = new BatchBuilder(older, schema, 1).push(old as unknown as Record<string, string | number | null>);
    await ws.buckets.lake.write(auditKey(old), toParquet(schema, batch ? [batch] : []));
    const before = await readersView(ws);
    expect(before.rows.map((r) => r.replay_of)).toEqual([null, null]);

    const report = await compactAudit(ws.buckets.lake);
    expect(report.skipped).toEqual([]);
    expect(report.days[0]?.deleted).toBe(2);
    expect(await readersView(ws)).toEqual(before);
  });

  it('leaves files that are not opslake audit files alone, and says so', async () => {
    await writeRecords(ws, RECORDS.slice(0, 2));
    const day = auditDayPrefix('2026-01-10');
    const foreign = [
      `${day}notes.txt`,
      `${day}someone-else.parquet`,
      `${day}${record(9, 0).ingest_id}.parquet`,
      `${AUDIT_PREFIX}README.md`,
    ];
    await ws.buckets.lake.write(foreign[0] as string, 'not parquet');
    await ws.buckets.lake.write(
      foreign[1] as string,
      await readAll(ws.buckets.lake, auditKey(RECORDS[0] as AuditRecord)),
    );
    // Named like a record file, but holding another attempt's record.
    await ws.buckets.lake.write(
      foreign[2] as string,
      await readAll(ws.buckets.lake, auditKey(RECORDS[1] as AuditRecord)),
    );
    await ws.buckets.lake.write(foreign[3] as string, 'docs');

    const report = await compactAudit(ws.buckets.lake);
    expect(report.skipped.map((s) => s.key).sort()).toEqual([...foreign].sort());
    expect(report.skipped.find((s) => s.key === foreign[0])?.why).toMatch(/not readable as Parquet/);
    expect(report.skipped.find((s) => s.key === foreign[2])?.why).toMatch(/not named by its one record/);
    const left = await auditKeys(ws);
    for (const key of foreign) expect(left).toContain(key);
    expect(left.filter((k) => k.includes('/compacted-'))).toHaveLength(1);
    expect(left).toHaveLength(foreign.length + 1);
  });

  it('refuses a day whose two files disagree about one attempt, deleting nothing', async () => {
    await writeRecords(ws, RECORDS.slice(0, 2));
    await compactAudit(ws.buckets.lake);
    const tampered = { ...(RECORDS[0] as AuditRecord), rows_valid: 0 };
    await writeAudit(ws.buckets.lake, auditKey(tampered), tampered);
    const before = await auditKeys(ws);
    const error = await compactAudit(ws.buckets.lake).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toMatch(new RegExp(`^audit record ${tampered.ingest_id} differs between .+ and .+: not compacting`));
    expect(error).toContain(auditKey(tampered));
    expect(error).toMatch(/compacted-[0-9a-f]{16}\.parquet/);
    expect(await auditKeys(ws)).toEqual(before);
  });

  it('changes nothing with dryRun, and reports what it would do', async () => {
    await writeRecords(ws, RECORDS);
    const before = await auditKeys(ws);
    const report = await compactAudit(ws.buckets.lake, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.days.map((d) => d.deleted)).toEqual([3, 2]);
    expect(await auditKeys(ws)).toEqual(before);
  });
});

/** The storage mutations of compacting RECORDS, counted on a throw-away workspace. */
async function compactionSteps(): Promise<string[]> {
  const other = await tempWorkspace();
  try {
    await writeRecords(other, RECORDS);
    const counting = faultyBuckets(other.buckets);
    await compactAudit(counting.buckets.lake);
    return counting.operations;
  } finally {
    await other.dispose();
  }
}

const STEPS = await compactionSteps();

describe('audit compaction faults', () => {
  it('has a step to fault per write and delete: one file written and its inputs deleted, per day', () => {
    expect(STEPS.filter((s) => s.startsWith('lake write '))).toHaveLength(2);
    expect(STEPS.filter((s) => s.startsWith('lake delete '))).toHaveLength(RECORDS.length);
  });

  describe.each(['kill', 'enospc'] as const)('%s', (kind) => {
    it.each(STEPS.map((step, i) => [i + 1, step] as const))(
      `${kind} at step %i (%s): readers see every record once; the re-run finishes with the same view`,
      async (at) => {
        await writeRecords(ws, RECORDS);
        const before = await readersView(ws);
        const faulty = faultyBuckets(ws.buckets, { at, kind });
        await expect(compactAudit(faulty.buckets.lake)).rejects.toThrow(kind === 'kill' ? /simulated crash/ : /ENOSPC/);
        expect(faulty.fired()).toBe(true);
        expect(await readersView(ws)).toEqual(before);
        await compactAudit(ws.buckets.lake);
        expect(await readersView(ws)).toEqual(before);
        const files = await auditKeys(ws);
        expect(files).toHaveLength(2);
        expect(files.every((k) => k.includes('/compacted-'))).toBe(true);
        const last = await compactAudit(ws.buckets.lake);
        expect(last.days.every((d) => d.target === null)).toBe(true);
      },
    );
  });
});

describe('ingest after compaction', () => {
  it('a re-delivery is still a duplicate, a correction still replaces exactly its rows, the audit adds up', async () => {
    expect((await ingestVersion(ws.buckets, 'v1')).outcome).toBe('partial');
    expect((await ingestVersion(ws.buckets, 'v2')).outcome).toBe('partial');
    await compactAudit(ws.buckets.lake);
    expect((await auditKeys(ws)).every((k) => k.includes('/compacted-'))).toBe(true);
    expect((await expectConsistent(ws.buckets, 'shipment_id')).get(FAULT_KEY)?.ids).toEqual(idsOf(VERSIONS.v2.ids));

    const again = await ingestVersion(ws.buckets, 'v2');
    expect(again.outcome).toBe('duplicate');
    const corrected = await ingestVersion(ws.buckets, 'v3');
    expect(corrected.outcome).toBe('partial');
    expect((await expectConsistent(ws.buckets, 'shipment_id')).get(FAULT_KEY)?.ids).toEqual(idsOf(VERSIONS.v3.ids));

    const before = await readersView(ws);
    expect(before.rows.map((r) => r.outcome)).toEqual(['partial', 'partial', 'duplicate', 'partial']);
    const shipments = before.feeds.find((f) => f.feed === 'tms/shipments');
    expect(shipments?.attempts).toBe(4);
    await compactAudit(ws.buckets.lake);
    const days = new Set(before.rows.map((r) => new Date(r.started_at as Date).toISOString().slice(0, 10)));
    expect(await auditKeys(ws)).toHaveLength(days.size);
    expect(await readersView(ws)).toEqual(before);
    expect((await expectConsistent(ws.buckets, 'shipment_id')).get(FAULT_KEY)?.ids).toEqual(idsOf(VERSIONS.v3.ids));
    expect((await ingestVersion(ws.buckets, 'v3')).outcome).toBe('duplicate');
  });
});
