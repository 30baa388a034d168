/**
 * The local directory store's side of the storage port: conditional writes that say which version
 * they wrote (so a commit and a settle need not read the entry they just swapped) and refuse stale
 * versions; small objects (synchronous calls) and large ones or streams (asynchronous) written and
 * read back whole either way, also after their directory was removed behind the store's back; small
 * writes made on the writer thread (small-file-writer.ts) fail as the file system does.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalDirectoryStore } from '../../functions/core/storage/local-directory.js';
import { ObjectNotFound, readAll } from '../../functions/core/storage/port.js';
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

describe('LocalDirectoryStore writes and reads, small and large', () => {
  const sizes = { small: 5_000, large: (1 << 20) + 5_000 };
  const bytesOf = (size: number) => new Uint8Array(size).map((_, i) => i % 251);
  async function* streamOf(bytes: Uint8Array) {
    for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
  }

  it.each(Object.entries(sizes))('%s: bytes and a stream land whole and read back whole', async (_, size) => {
    const bytes = bytesOf(size);
    await store.write('raw/a/x.bin', bytes);
    await store.write('raw/a/y.bin', streamOf(bytes));
    for (const key of ['raw/a/x.bin', 'raw/a/y.bin']) {
      expect(Buffer.compare(await readAll(store, key), bytes)).toBe(0);
      expect(await store.stat(key)).toEqual({ key, size });
    }
  });

  it.each(Object.entries(sizes))('%s: a directory removed behind the store is made again', async (_, size) => {
    const bytes = bytesOf(size);
    await store.write('raw/b/x.bin', bytes);
    await rm(join(store.root, 'raw'), { recursive: true });
    await rm(join(store.root, '.staging'), { recursive: true });
    await store.write('raw/b/y.bin', bytes);
    expect((await readAll(store, 'raw/b/y.bin')).length).toBe(size);
    await rm(join(store.root, 'raw'), { recursive: true });
    await store.write('raw/b/source.bin', 'x');
    await store.move?.('raw/b/source.bin', 'raw/c/moved.bin');
    expect(await store.stat('raw/c/moved.bin')).toEqual({ key: 'raw/c/moved.bin', size: 1 });
    expect(await store.stat('raw/b/source.bin')).toBeUndefined();
  });

  it('an empty object reads as no bytes; an absent one is ObjectNotFound, and deleting it is no error', async () => {
    await store.write('raw/empty.bin', new Uint8Array(0));
    expect((await readAll(store, 'raw/empty.bin')).length).toBe(0);
    await expect(readAll(store, 'raw/absent.bin')).rejects.toBeInstanceOf(ObjectNotFound);
    await store.delete('raw/absent.bin');
    await store.delete('raw/empty.bin');
    expect(await store.stat('raw/empty.bin')).toBeUndefined();
  });

  it('a move of an absent object is ObjectNotFound', async () => {
    await expect(store.move?.('raw/absent.bin', 'raw/to.bin')).rejects.toBeInstanceOf(ObjectNotFound);
  });
});

describe('LocalDirectoryStore small writes on the writer thread', () => {
  it('many at once all land whole, each readable once its write resolves', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `raw/many/site=S${i % 4}/${i}.json`);
    await Promise.all(
      keys.map(async (key) => {
        await store.write(key, JSON.stringify({ key }));
        expect(text((await store.readVersioned(key))?.body)).toBe(JSON.stringify({ key }));
      }),
    );
  });

  it("a failed write rejects with the file system's code and leaves nothing under the key", async () => {
    await store.write('raw/file', 'x');
    const failed = store.write('raw/file/under-a-file.json', '{}');
    // mkdir of raw/file finds a file there.
    await expect(failed).rejects.toMatchObject({ code: 'EEXIST' });
    expect(text((await store.readVersioned('raw/file'))?.body)).toBe('x');
  });
});
