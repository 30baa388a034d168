/**
 * The crash-at-every-step suite of publish-faults.test.ts against a real S3 API (moto's server on
 * loopback): S3 conditional writes for the ledger, CopyObject + DeleteObject as the two steps of
 * a move. Each case works under its own key prefix in the three buckets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWriter } from '../../functions/core/audit.js';
import { doctor } from '../../functions/core/doctor.js';
import type { Buckets } from '../../functions/core/storage/port.js';
import { FAULT_KEY, idsOf, ingestVersion, VERSIONS } from '../support/fault-fixtures.js';
import { faultyBuckets } from '../support/fault-store.js';
import { tempWorkspace } from '../support/ingest-fixtures.js';
import { expectConsistent, unownedFiles } from '../support/lake-invariants.js';
import { motoBuckets } from '../support/moto.js';

const BUCKETS = { landing: 'faults-landing', lake: 'faults-lake', quarantine: 'faults-quarantine' };

/** The steps of a clean v2-over-v1 ingest, counted on a local directory at collection time. */
async function countSteps(buckets: Buckets): Promise<string[]> {
  await ingestVersion(buckets, 'v1');
  const counting = faultyBuckets(buckets);
  await ingestVersion(counting.buckets, 'v2', buckets);
  return counting.operations;
}

const LOCAL_STEPS = await (async () => {
  const ws = await tempWorkspace();
  try {
    return await countSteps(ws.buckets);
  } finally {
    await ws.dispose();
  }
})();

const moto = motoBuckets(BUCKETS);
const s3Buckets = (): Buckets => moto.buckets();

beforeAll(() => moto.start(), 60_000);
afterAll(() => moto.stop());

describe('publish faults (S3 via moto)', () => {
  // Moves and direct writes of one publish run concurrently, so their order follows the store's
  // latency; the steps themselves (and so the numbers the cases below kill at) are the same.
  it('a clean run on S3 takes the same steps as on a local directory', async () => {
    const steps = await countSteps(s3Buckets());
    const kinds = (list: string[]) => list.map((s) => s.split(' ').slice(0, 2).join(' ')).sort();
    expect(steps).toHaveLength(LOCAL_STEPS.length);
    expect(kinds(steps)).toEqual(kinds(LOCAL_STEPS));
  });

  // The label is the local run's step of that number; on S3 concurrent steps may swap places.
  it.concurrent.each(LOCAL_STEPS.map((step, i) => [i + 1, step] as const))(
    'kill at step %i (%s): nothing unowned, doctor settles one whole version, the next version converges',
    async (at) => {
      const buckets = s3Buckets();
      await ingestVersion(buckets, 'v1');
      const faulty = faultyBuckets(buckets, { at });
      await expect(ingestVersion(faulty.buckets, 'v2', buckets)).rejects.toThrow(/simulated crash/);
      expect(await unownedFiles(buckets)).toEqual([]);
      await doctor(buckets, { hooks: auditWriter(buckets.lake) });
      const standing = (await expectConsistent(buckets, 'shipment_id')).get(FAULT_KEY);
      expect([idsOf(VERSIONS.v1.ids), idsOf(VERSIONS.v2.ids)]).toContainEqual(standing?.ids);
      expect((await ingestVersion(buckets, 'v3')).outcome).toBe('partial');
      expect((await expectConsistent(buckets, 'shipment_id')).get(FAULT_KEY)?.ids).toEqual(idsOf(VERSIONS.v3.ids));
    },
    60_000,
  );
});
