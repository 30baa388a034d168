/**
 * `opslake doctor`: recovery for the whole lake. Every key's ledger entry is brought to IDLE (a dead
 * attempt's intent rolled back, a committed version settled — see ledger.ts), then every output and
 * quarantine part that no entry owns is an orphan and removed, and so is the staging of attempts
 * that are gone. The CLI runs it at the start of each ingest run; each file's ingest also recovers
 * its own key first (publish.ts recoverKey), which is all the Lambda needs.
 *
 * Compacted files are owned by their partition's compaction entry (partition-ledger.ts), whose
 * unfinished rounds are recovered first.
 *
 * Only opslake's own files are candidates: lake outputs under `raw/<system>/<feed>/site=…/dt=…/`,
 * quarantine parts under `rows/<system>/<feed>/`, and `_staging/`. Anything else is left alone.
 */
import {
  PARTITION_LEDGER_PREFIX,
  partitionOfLedgerKey,
  QUARANTINE_ROWS_PREFIX,
  RAW_PREFIX,
  STAGING_PREFIX,
} from '../../schemas/lake-layout.js';
import { DEFAULT_LEASE_MS, stagingAbandoned } from './attempts.js';
import {
  type LedgerStores,
  ownedBy,
  parseEntry,
  type Recovery,
  type SettleHooks,
  SOURCE_LEDGER_PREFIX,
  type SourceEntry,
} from './ledger.js';
import {
  compactedFilesOf,
  type PartitionEntry,
  readPartitionEntry,
  recoverPartitionEntry,
} from './partition-ledger.js';
import { recoverKey } from './publish.js';
import { readAll } from './storage/port.js';

/** A published lake output: the only lake files doctor may remove. */
const LAKE_OUTPUT = /^raw\/[^/]+\/[^/]+\/site=[^/]+\/dt=[^/]+\/[^/]+\.parquet$/;
/** A published quarantine part of rejected rows. */
const QUARANTINE_PART = /^rows\/[^/]+\/[^/]+\/[^/]+\.ndjson$/;

export interface Orphan {
  readonly store: 'lake' | 'quarantine';
  readonly key: string;
}

export interface DoctorReport {
  readonly entries: number;
  readonly recovered: readonly Recovery[];
  /** Keys whose intent belongs to a live attempt: left to it. */
  readonly busy: readonly string[];
  readonly orphans: readonly Orphan[];
  /** Staging objects of attempts that are gone. */
  readonly staging: readonly Orphan[];
  readonly dryRun: boolean;
}

export interface DoctorOptions {
  readonly hooks: SettleHooks;
  /** Report only: change nothing. */
  readonly dryRun?: boolean;
  readonly leaseMs?: number;
  readonly now?: () => number;
}

async function readEntries(stores: LedgerStores): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  for await (const object of stores.lake.list(SOURCE_LEDGER_PREFIX)) {
    if (!object.key.endsWith('.json')) continue;
    entries.push(parseEntry(Buffer.from(await readAll(stores.lake, object.key)).toString('utf8')));
  }
  return entries;
}

/** Every partition's compaction entry; those with an unfinished round are recovered first (unless dryRun). */
async function partitionEntries(
  stores: LedgerStores,
  dryRun: boolean,
  leaseMs: number,
): Promise<{ entries: PartitionEntry[]; busy: string[] }> {
  const entries: PartitionEntry[] = [];
  const busy: string[] = [];
  for await (const object of stores.lake.list(PARTITION_LEDGER_PREFIX)) {
    const partition = partitionOfLedgerKey(object.key);
    if (!partition) continue;
    let current = await readPartitionEntry(stores.lake, partition);
    for (let round = 0; !dryRun && round < 20; round++) {
      const recovery = await recoverPartitionEntry(stores.lake, current, leaseMs);
      if (recovery === 'busy') busy.push(partition);
      if (recovery !== 'changed') break;
      current = await readPartitionEntry(stores.lake, partition);
    }
    entries.push(current.entry);
  }
  return { entries, busy };
}

export async function doctor(stores: LedgerStores, options: DoctorOptions): Promise<DoctorReport> {
  const dryRun = options.dryRun ?? false;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now?.() ?? Date.now();
  const recovered: Recovery[] = [];
  const compactions = await partitionEntries(stores, dryRun, leaseMs);
  const busy: string[] = [...compactions.busy];
  let entries = await readEntries(stores);
  if (!dryRun) {
    for (const entry of entries) {
      if (!entry.pending && !entry.settling) continue;
      recovered.push(...(await recoverKey(stores, entry.key, options.hooks, leaseMs)).recoveries);
    }
    entries = await readEntries(stores);
  }
  for (const entry of entries) if (entry.pending) busy.push(entry.key);
  const owned = ownedBy(...entries.flatMap((e) => [e.committed, e.pending, e.retired]));
  // Re-read: settling a correction above may have rewritten a compacted file.
  const compacted = dryRun ? compactions.entries : (await partitionEntries(stores, true, leaseMs)).entries;
  for (const entry of compacted) for (const file of compactedFilesOf(entry)) owned.lake.add(file);

  const orphans: Orphan[] = [];
  for await (const object of stores.lake.list(RAW_PREFIX)) {
    if (LAKE_OUTPUT.test(object.key) && !owned.lake.has(object.key)) orphans.push({ store: 'lake', key: object.key });
  }
  for await (const object of stores.quarantine.list(QUARANTINE_ROWS_PREFIX)) {
    if (QUARANTINE_PART.test(object.key) && !owned.quarantine.has(object.key)) {
      orphans.push({ store: 'quarantine', key: object.key });
    }
  }
  const staging: Orphan[] = [];
  for (const store of ['lake', 'quarantine'] as const) {
    for await (const object of stores[store].list(STAGING_PREFIX)) {
      const dir = object.key.slice(STAGING_PREFIX.length).split('/')[0] ?? '';
      if (stagingAbandoned(dir, leaseMs, now)) staging.push({ store, key: object.key });
    }
  }
  if (!dryRun) for (const orphan of [...orphans, ...staging]) await stores[orphan.store].delete(orphan.key);
  return { entries: entries.length, recovered, busy, orphans, staging, dryRun };
}
