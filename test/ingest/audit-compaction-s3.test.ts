/**
 * The audit compaction of audit-compaction.test.ts against a real S3 API (moto's server on
 * loopback): the same core over the S3 adapter — list, read, an atomic PUT of the compacted file,
 * DeleteObject of the files it covers — with a crash at every one of those steps, then the re-run.
 * Each case works under its own key prefix of one bucket. The scheduled Lambda's body
 * (compact-handler.ts; its data step is lake-compaction-s3.test.ts's) runs here too.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRecord, auditKey, writeAudit } from '../../functions/core/audit.js';
import { compactAudit, decodeAuditFile } from '../../functions/core/audit-compaction.js';
import { type Buckets, type ObjectStore, readAll } from '../../functions/core/storage/port.js';
import { compactLakeAndAudit } from '../../functions/ingest/compact-handler.js';
import { AUDIT_PREFIX } from '../../schemas/lake-layout.js';
import { syntheticAuditRecord } from '../support/audit-records.js';
import { ingestVersion } from '../support/fault-fixtures.js';
import { faultyBuckets } from '../support/fault-store.js';
import { keys } from '../support/ingest-fixtures.js';
import { motoBuckets } from '../support/moto.js';

const BUCKETS = { landing: 'compact-landing', lake: 'compact-lake', quarantine: 'compact-quarantine' };
const record = syntheticAuditRecord;
const RECORDS = [record(1, 0), record(2, 0), record(3, 1)];

const moto = motoBuckets(BUCKETS);
const s3Buckets = (): Buckets => moto.buckets();

/** Every audit record once, by ingest id, as the readers count them. */
async function view(lake: ObjectStore): Promise<AuditRecord[]> {
  const byId = new Map<string, AuditRecord>();
  for (const key of await keys(lake, AUDIT_PREFIX)) {
    const records = await decodeAuditFile(await readAll(lake, key));
    if (typeof records === 'string') throw new Error(`${key}: ${records}`);
    for (const r of records) byId.set(r.ingest_id, r);
  }
  return [...byId.values()].sort((a, b) => (a.ingest_id < b.ingest_id ? -1 : 1));
}

async function seeded(): Promise<Buckets> {
  const buckets = s3Buckets();
  for (const r of RECORDS) await writeAudit(buckets.lake, auditKey(r), r);
  return buckets;
}

beforeAll(() => moto.start(), 60_000);
afterAll(() => moto.stop());

describe('audit compaction (S3 via moto)', () => {
  it('merges each day into one object with the same records; a re-delivery after it is a duplicate', async () => {
    const buckets = await seeded();
    const report = await compactAudit(buckets.lake);
    // The second day's one file is left as it is: there is nothing to merge it with.
    expect(report.days.map((d) => [d.filesBefore, d.filesAfter, d.target === null])).toEqual([
      [2, 1, false],
      [1, 1, true],
    ]);
    const after = await keys(buckets.lake, AUDIT_PREFIX);
    expect(after.filter((k) => k.includes('/compacted-'))).toHaveLength(1);
    expect(after).toHaveLength(2);
    expect(await view(buckets.lake)).toEqual(RECORDS);

    expect((await ingestVersion(buckets, 'v1')).outcome).toBe('partial');
    await compactAudit(buckets.lake);
    expect((await ingestVersion(buckets, 'v1')).outcome).toBe('duplicate');
    const outcomes = (await view(buckets.lake)).slice(RECORDS.length).map((r) => r.outcome);
    expect(outcomes).toEqual(['partial', 'duplicate']);
  });

  it('a crash at every write and delete, then the re-run: the same records, the two-file day in one object', async () => {
    const counting = faultyBuckets(await seeded());
    await compactAudit(counting.buckets.lake);
    const steps = counting.operations;
    expect(steps.map((s) => s.split(' ')[1])).toEqual(['write', 'delete', 'delete']);
    for (let at = 1; at <= steps.length; at++) {
      const buckets = await seeded();
      const faulty = faultyBuckets(buckets, { at });
      await expect(compactAudit(faulty.buckets.lake), steps[at - 1]).rejects.toThrow(/simulated crash/);
      expect(await view(buckets.lake), steps[at - 1]).toEqual(RECORDS);
      await compactAudit(buckets.lake);
      expect(await view(buckets.lake)).toEqual(RECORDS);
      const files = await keys(buckets.lake, AUDIT_PREFIX);
      expect(files.filter((k) => k.includes('/compacted-'))).toHaveLength(1);
      expect(files).toHaveLength(2);
    }
  });

  it("the scheduled Lambda's body compacts the same way, says what it did, and a re-run changes nothing", async () => {
    const buckets = await seeded();
    const logger = new Logger({ serviceName: 'audit-compaction-test', logLevel: 'SILENT' });
    const first = await compactLakeAndAudit(buckets.lake, logger);
    // No data in this lake: the data step finds nothing and the audit step runs after it.
    expect(first.lake).toEqual({
      partitionsCompacted: 0,
      filesBefore: 0,
      filesAfter: 0,
      partitionsBusy: 0,
      partitionsConflict: 0,
      filesSkipped: 0,
    });
    expect(first.audit).toEqual({
      daysCompacted: 1,
      filesBefore: 3,
      filesAfter: 2,
      filesDeleted: 2,
      records: 3,
      filesSkipped: 0,
    });
    expect(await view(buckets.lake)).toEqual(RECORDS);
    const again = await compactLakeAndAudit(buckets.lake, logger);
    expect(again.audit).toEqual({
      daysCompacted: 0,
      filesBefore: 2,
      filesAfter: 2,
      filesDeleted: 0,
      records: 3,
      filesSkipped: 0,
    });
    expect(await view(buckets.lake)).toEqual(RECORDS);
  });
});
