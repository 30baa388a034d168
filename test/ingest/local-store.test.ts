/**
 * The local directory store's side of the storage port that the ledger leans on: conditional
 * writes that say which version they wrote (so a commit and a settle need not read the entry they
 * just swapped), and stale versions refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalDirectoryStore } from '../../functions/core/storage/local-directory.js';
import { type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
let store: LocalDirectoryStore;
beforeEach(async () => {
  ws = await tempWorkspace();
  store = ws.buckets.lake;
});
afterEach(async () => {
  await ws.dispose();
});

const text = (body: Uint8Array | undefined) => Buffer.from(body ?? []).toString();

describe('LocalDirectoryStore conditional writes', () => {
  it('returns the version it wrote, which a later swap can be conditional on without a read', async () => {
    const key = '_ledger/source/a.json';
    const first = await store.writeIfUnchanged(key, '{"v":1}', null);
    expect(first).toBe((await store.readVersioned(key))?.version);
    const second = await store.writeIfUnchanged(key, '{"v":2}', first ?? null);
    expect(second).toBeTypeOf('string');
    expect(second).not.toBe(first);
    expect(second).toBe((await store.readVersioned(key))?.version);
    expect(text((await store.readVersioned(key))?.body)).toBe('{"v":2}');
  });

  it('refuses a stale version or a create over an existing object, and writes nothing', async () => {
    const key = '_ledger/source/b.json';
    const first = await store.writeIfUnchanged(key, '{"v":1}', null);
    expect(await store.writeIfUnchanged(key, '{"v":"lost"}', null)).toBeUndefined();
    await store.writeIfUnchanged(key, '{"v":2}', first ?? null);
    expect(await store.writeIfUnchanged(key, '{"v":"stale"}', first ?? null)).toBeUndefined();
    expect(text((await store.readVersioned(key))?.body)).toBe('{"v":2}');
  });

  it('gives bytes and the same text the same version', async () => {
    const version = await store.writeIfUnchanged('_ledger/source/c.json', '{"é":1}', null);
    const fromBytes = await store.writeIfUnchanged('_ledger/source/d.json', Buffer.from('{"é":1}'), null);
    expect(version).toBe(fromBytes);
  });
});
