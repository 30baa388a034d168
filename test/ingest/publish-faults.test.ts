/**
 * Crash and disk-full at EVERY storage mutation of a correction's publish (issue 16 item 1): a
 * fault-injecting store numbers each write, conditional write and delete (a move is a copy and a
 * delete, as on S3) and faults the n-th. After each: no visible file without a ledger entry that
 * owns it; `doctor` leaves the lake settled with one whole version standing and lake + quarantine
 * = audit rows_in; the next version (or the retry) converges. The same against moto's S3 is in
 * publish-faults-s3.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditWriter } from '../../functions/core/audit.js';
import { doctor } from '../../functions/core/doctor.js';
import type { Buckets } from '../../functions/core/storage/port.js';
import { FAULT_KEY, idsOf, ingestVersion, VERSIONS } from '../support/fault-fixtures.js';
import { faultyBuckets } from '../support/fault-store.js';
import { type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';
import { expectConsistent, unownedFiles } from '../support/lake-invariants.js';

/** The mutations of a clean v2 ingest over v1, counted in a throw-away workspace. */
async function countSteps(): Promise<string[]> {
  const other = await tempWorkspace();
  try {
    await ingestVersion(other.buckets, 'v1');
    const counting = faultyBuckets(other.buckets);
    await ingestVersion(counting.buckets, 'v2', other.buckets);
    return counting.operations;
  } finally {
    await other.dispose();
  }
}

const STEPS = await countSteps();

/** After a fault in v2's publish, whichever whole version the ledger committed stands. */
async function expectOneWholeVersion(buckets: Buckets) {
  const standing = (await expectConsistent(buckets, 'shipment_id')).get(FAULT_KEY);
  expect([idsOf(VERSIONS.v1.ids), idsOf(VERSIONS.v2.ids)]).toContainEqual(standing?.ids);
}

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

describe('publish faults (local directory store)', () => {
  it('the fixture has many steps to fault: staged parts, outputs, quarantine, ledger, audit', () => {
    expect(STEPS.length).toBeGreaterThan(15);
    for (const kind of ['lake copy raw/', 'lake cas _ledger/source/', 'lake write audit/', 'quarantine write rows/']) {
      expect(STEPS.some((step) => step.startsWith(kind))).toBe(true);
    }
  });

  describe.each(['kill', 'enospc'] as const)('%s', (kind) => {
    it.each(STEPS.map((step, i) => [i + 1, step] as const))(
      `${kind} at step %i (%s): nothing unowned, doctor settles one whole version, the next version converges`,
      async (at) => {
        await ingestVersion(ws.buckets, 'v1');
        const faulty = faultyBuckets(ws.buckets, { at, kind });
        await expect(ingestVersion(faulty.buckets, 'v2', ws.buckets)).rejects.toThrow(
          kind === 'kill' ? /simulated crash/ : /ENOSPC/,
        );
        expect(faulty.fired()).toBe(true);
        expect(await unownedFiles(ws.buckets)).toEqual([]);
        await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake) });
        await expectOneWholeVersion(ws.buckets);
        const next = await ingestVersion(ws.buckets, 'v3');
        expect(next.outcome).toBe('partial');
        expect((await expectConsistent(ws.buckets, 'shipment_id')).get(FAULT_KEY)?.ids).toEqual(idsOf(VERSIONS.v3.ids));
      },
    );
  });

  it.each(STEPS.map((step, i) => [i + 1, step] as const))(
    'kill at step %i (%s), then the same file again without doctor: it converges on v2',
    async (at) => {
      await ingestVersion(ws.buckets, 'v1');
      await expect(ingestVersion(faultyBuckets(ws.buckets, { at }).buckets, 'v2', ws.buckets)).rejects.toThrow(
        /simulated crash/,
      );
      const retry = await ingestVersion(ws.buckets, 'v2');
      expect(['partial', 'duplicate']).toContain(retry.outcome);
      // Staging of the dead attempt is invisible; only doctor sweeps it (at the start of a CLI run).
      const standing = await expectConsistent(ws.buckets, 'shipment_id', { abandonedStaging: true });
      expect(standing.get(FAULT_KEY)?.ids).toEqual(idsOf(VERSIONS.v2.ids));
      await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake) });
      await expectConsistent(ws.buckets, 'shipment_id');
    },
  );
});
