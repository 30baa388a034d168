/**
 * Poison files and awkward paths in a local landing tree (issue 16 items 7–9), one case per test:
 * one bad file never stops the others. Each case lands the poison beside a good file and runs the
 * CLI's ingest run over the tree; after it every file has an audit record, the good file is loaded,
 * the poison one is rejected with its rule, and lake + quarantine = rows_in with nothing unowned.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../functions/core/ingest.js';
import type { ObjectStore } from '../../functions/core/storage/port.js';
import { ingestRun, landingTargets } from '../../functions/local/ingest-run.js';
import { type Workspace, workspace } from '../../functions/local/workspace.js';
import { csv, keys, shipment, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';
import { expectConsistent, parquetRows } from '../support/lake-invariants.js';

let temp: TempWorkspace;
let ws: Workspace;
let landing: string;
beforeEach(async () => {
  temp = await tempWorkspace();
  ws = workspace(temp.home);
  landing = ws.buckets.landing.root;
  await land('tms/shipments/good.csv', csv([shipment(1), shipment(2)]));
});
afterEach(async () => {
  await temp.dispose();
});

async function land(key: string, body: string | Uint8Array): Promise<void> {
  await mkdir(join(landing, key, '..'), { recursive: true });
  await writeFile(join(landing, key), body);
}

/** The audit records in the lake, by landing key. */
async function audited(): Promise<Map<string, Record<string, unknown>>> {
  const records = new Map<string, Record<string, unknown>>();
  for (const key of await keys(ws.buckets.lake, 'audit/')) {
    for (const row of await parquetRows(await readFile(join(ws.buckets.lake.root, key)))) {
      records.set(String(row.source_key), row);
    }
  }
  return records;
}

/** Runs the ingest over the landing tree; the poison file `key` is rejected with `rule`, the rest goes on. */
async function expectIsolated(key: string, rule: string): Promise<IngestResult> {
  const run = await ingestRun(ws, await landingTargets([landing]));
  expect(run.failures).toEqual([]);
  const byKey = new Map(run.results.map((r) => [r.source_key, r]));
  expect(byKey.get('tms/shipments/good.csv')?.outcome).toBe('loaded');
  const poison = byKey.get(key);
  expect(poison?.outcome, `${key}: ${poison?.reason}`).toBe('rejected');
  expect(poison?.reason).toMatch(new RegExp(`^${rule}: `));
  const audit = await audited();
  for (const result of run.results) expect(audit.get(result.source_key)?.outcome).toBe(result.outcome);
  await expectConsistent(ws.buckets, 'shipment_id');
  return poison as IngestResult;
}

describe('poison files: audited as that file, the run goes on', () => {
  it('a dangling symlink', async () => {
    await symlink(join(landing, 'nowhere.csv'), join(landing, 'tms/shipments/dangling.csv'));
    const poison = await expectIsolated('tms/shipments/dangling.csv', 'unreadable');
    expect(poison.reason).toMatch(/symlink to .*nowhere\.csv/);
  });

  it('a symlink to a file outside the landing tree: not followed, not copied into quarantine', async () => {
    const outside = join(temp.home, 'secret.csv');
    await writeFile(outside, 'root:x:0:0\n');
    await symlink(outside, join(landing, 'tms/shipments/passwd.csv'));
    const poison = await expectIsolated('tms/shipments/passwd.csv', 'unreadable');
    expect(poison.reason).toMatch(/outside .*: not followed/);
    expect(await keys(ws.buckets.quarantine, 'files/')).toEqual(['files/tms/shipments/passwd.csv.reason.json']);
  });

  it('a symlink to a file inside the landing tree is read as that file', async () => {
    await land('tms/shipments/archive/real.csv', csv([shipment(3)]));
    const first = await ingestRun(ws, await landingTargets([landing]));
    expect(first.results.map((r) => r.outcome)).toEqual(['loaded', 'loaded']);
    await symlink(join(landing, 'tms/shipments/archive/real.csv'), join(landing, 'tms/shipments/alias.csv'));
    const [alias] = (await ingestRun(ws, await landingTargets([join(landing, 'tms/shipments/alias.csv')]))).results;
    // Read through the link: the same bytes as real.csv, so the same content.
    expect(alias?.outcome).toBe('duplicate');
    expect(alias?.reason).toMatch(/same content as tms\/shipments\/archive\/real\.csv/);
  });

  it('a directory loop: the walk does not follow it, the link itself is rejected', async () => {
    await mkdir(join(landing, 'tms/shipments/loop'));
    await symlink('..', join(landing, 'tms/shipments/loop/up.csv'));
    const poison = await expectIsolated('tms/shipments/loop/up.csv', 'unreadable');
    expect(poison.reason).toMatch(/not a regular file/);
  });

  it('a file name of 240 characters under a known feed: loaded, its ledger entry hashed', async () => {
    const key = `tms/shipments/${'x'.repeat(236)}.csv`;
    await land(key, csv([shipment(4)]));
    const run = await ingestRun(ws, await landingTargets([landing]));
    expect(run.results.map((r) => r.outcome)).toEqual(['loaded', 'loaded']);
    expect((await keys(ws.buckets.lake, '_ledger/source/')).some((k) => k.includes('~'))).toBe(true);
  });

  it('a file name of 240 characters under an unknown feed: rejected, quarantined under a hashed name', async () => {
    const key = `zzz/unknown/${'y'.repeat(236)}.csv`;
    await land(key, 'a\n1\n');
    await expectIsolated(key, 'unknown_feed');
    const kept = await keys(ws.buckets.quarantine, 'files/');
    expect(kept).toHaveLength(2);
    const reasonKey = kept.find((k) => k.endsWith('.reason.json')) as string;
    expect(reasonKey).toMatch(/^files\/~[0-9a-f]{64}\//);
    expect(JSON.parse(await readFile(join(ws.buckets.quarantine.root, reasonKey), 'utf8')).key).toBe(key);
  });

  it('a 200,000-deep JSON array: one file rejection, no stack overflow', async () => {
    await land('tms/shipments/deep.ndjson', `${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    await expectIsolated('tms/shipments/deep.ndjson', 'not_ndjson');
  });

  it('a 200,000-deep object line: that line rejected (json_depth), the file partial', async () => {
    const deep = `{"shipment_id":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    await land('tms/shipments/deep-line.ndjson', `${deep}\n${JSON.stringify(shipment(5))}\n`);
    const run = await ingestRun(ws, await landingTargets([landing]));
    const result = run.results.find((r) => r.source_key === 'tms/shipments/deep-line.ndjson');
    expect(result?.outcome).toBe('partial');
    expect(result?.rejections.map((r) => r.rule)).toEqual(['json_depth']);
    await expectConsistent(ws.buckets, 'shipment_id');
  });

  it('a JSON array file: rejected once as not NDJSON, not once per line with exit 0', async () => {
    const lines = [shipment(6), shipment(7)].map((s) => `  ${JSON.stringify(s)},`);
    await land('tms/shipments/array.json', `[\n${lines.join('\n')}\n]\n`);
    const poison = await expectIsolated('tms/shipments/array.json', 'not_ndjson');
    expect(poison.reason).toMatch(/line 1 opens a JSON array/);
  });

  it('one 3 MiB CSV record in a 3 KB .gz: rejected as too long, naming its row', async () => {
    const runaway = { ...shipment(11), order_id: 'z'.repeat(3 << 20) };
    await land('tms/shipments/runaway.csv.gz', gzipSync(csv([shipment(12), runaway, shipment(13)])));
    const poison = await expectIsolated('tms/shipments/runaway.csv.gz', 'record_too_long');
    expect(poison.reason).toMatch(/row 3 is longer than 1,048,576 bytes/);
  });

  it('one 3 MiB NDJSON line: rejected as too long, naming its line', async () => {
    const runaway = JSON.stringify({ ...shipment(14), order_id: 'z'.repeat(3 << 20) });
    await land('tms/shipments/runaway.ndjson', `${JSON.stringify(shipment(15))}\n${runaway}\n`);
    const poison = await expectIsolated('tms/shipments/runaway.ndjson', 'record_too_long');
    expect(poison.reason).toMatch(/row 2 is longer than 1,048,576 bytes/);
  });

  it('invalid UTF-8: the message names the byte where it is', async () => {
    const text = Buffer.from(csv([shipment(8), shipment(9)]));
    const at = text.indexOf('SH-9');
    await land(
      'tms/shipments/latin1.csv',
      Buffer.concat([text.subarray(0, at), Buffer.from([0xe9]), text.subarray(at)]),
    );
    const poison = await expectIsolated('tms/shipments/latin1.csv', 'not_utf8');
    expect(poison.reason).toContain(`at byte ${at})`);
  });

  it('a storage failure on one file: recorded as that file failing, the others land', async () => {
    await land('tms/shipments/unlucky.csv', csv([shipment(10)]));
    const lake = ws.buckets.lake;
    // Every lake write of that one file fails as a full disk would, its ledger entry's too.
    const diskFull = (key: string, body: Parameters<ObjectStore['write']>[1]) => {
      if (key.includes('unlucky') || (typeof body === 'string' && body.includes('unlucky'))) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write ${key}`), { code: 'ENOSPC' });
      }
    };
    const failing: ObjectStore = Object.create(lake, {
      write: {
        value: async (key: string, body: Parameters<ObjectStore['write']>[1]) => {
          diskFull(key, body);
          return lake.write(key, body);
        },
      },
      writeIfUnchanged: {
        value: async (key: string, body: string | Uint8Array, expected: string | null) => {
          diskFull(key, body);
          return lake.writeIfUnchanged(key, body, expected);
        },
      },
    });
    const run = await ingestRun(
      { ...ws, buckets: { ...ws.buckets, lake: failing as typeof lake } },
      await landingTargets([landing]),
    );
    expect(run.failures).toEqual([
      expect.objectContaining({
        key: 'tms/shipments/unlucky.csv',
        kind: 'storage',
        message: expect.stringMatching(/ENOSPC/),
      }),
    ]);
    expect(run.results.map((r) => [r.source_key, r.outcome])).toEqual([['tms/shipments/good.csv', 'loaded']]);
    await expectConsistent(ws.buckets, 'shipment_id');
  });
});

describe('paths given to ingest resolve to <system>/<feed>/<file> keys', () => {
  const expectKey = async (path: string, cwd: string) => {
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const [target] = await landingTargets([path]);
      expect(target?.key).toBe('tms/shipments/good.csv');
      expect(await target?.store.stat(target.key)).toBeDefined();
    } finally {
      process.chdir(before);
    }
  };

  it('relative to the landing root', () => expectKey('tms/shipments/good.csv', landing));
  it('from the file’s own directory', () => expectKey('good.csv', join(landing, 'tms/shipments')));
  it('through ..', () => expectKey('../landing/tms/./shipments/../shipments/good.csv', landing));
});
