/** Helpers for generator tests: generate into a throw-away workspace and ingest every file. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IngestResult, ingestFile } from '../../functions/core/ingest.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';

export interface Workspace {
  readonly home: string;
  readonly buckets: ReturnType<typeof localBuckets>;
  dispose(): Promise<void>;
}

export async function tempWorkspace(prefix: string): Promise<Workspace> {
  const home = await mkdtemp(join(tmpdir(), prefix));
  return { home, buckets: localBuckets(home), dispose: () => rm(home, { recursive: true, force: true }) };
}

/** Ingests every landed file in key order (the order `opslake ingest` uses) through the real core. */
export async function ingestAll(ws: Workspace): Promise<Map<string, IngestResult>> {
  const results = new Map<string, IngestResult>();
  const keys: string[] = [];
  for await (const object of ws.buckets.landing.list('')) {
    if (!object.key.startsWith('_manifest/')) keys.push(object.key);
  }
  for (const key of keys) results.set(key, await ingestFile({ buckets: ws.buckets, key }));
  return results;
}
