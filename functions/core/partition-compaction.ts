/**
 * `opslake compact` for the lake's data: each partition's ingest outputs (`raw/…/site=…/dt=…/`,
 * one or more per delivered file) are merged into one compacted file, their row groups copied
 * byte for byte (parquet/concatenate.ts), owned by the partition's compaction entry
 * (partition-ledger.ts). The source ledger stays the truth about which version of a landing key
 * stands: only outputs of a version that stands and is not being replaced are merged, a round
 * checks after its intent that those versions still stand, and a correction's settle takes the
 * replaced version's rows out of the compacted file again.
 *
 * Run it when nothing ingests or not: a source that changes under a round makes the round back
 * out (`conflicts`), and the next run picks the partition up.
 */
import {
  COMPACTED_MARK,
  PARTITION_LEDGER_PREFIX,
  partitionOfLedgerKey,
  RAW_PREFIX,
  rawPartitionOf,
  SOURCE_LEDGER_PREFIX,
} from '../../schemas/lake-layout.js';
import { DEFAULT_LEASE_MS } from './attempts.js';
import { inBatches } from './in-batches.js';
import { parseEntry, readEntry } from './ledger.js';
import { NotConcatenable, type ParquetPiece, parquetLayout } from './parquet/concatenate.js';
import {
  type CompactionMember,
  compactedFileName,
  type RewritePlan,
  readPartitionEntry,
  recoverPartitionEntry,
  rowGroupsOf,
  runRound,
  type VersionedPartitionEntry,
} from './partition-ledger.js';
import { ObjectNotFound, type ObjectStore, readAll } from './storage/port.js';

/** A compacted file is not grown past this: bigger inputs stay as they are (they are not small). */
export const MAX_COMPACTED_BYTES = 256 * 1024 * 1024;

/** Partitions worked on at once (each does a few reads and writes in sequence). */
const PARTITIONS_AT_ONCE = 8;

/** Rounds on one partition before leaving it to the next run. */
const MAX_ROUNDS = 5;

export interface PartitionResult {
  readonly partition: string;
  /** Data files in the partition before (ingest outputs and compacted files). */
  readonly filesBefore: number;
  readonly filesAfter: number;
  /** Sources (landing-key versions) in the compacted file after the round. */
  readonly members: number;
  readonly outcome: 'compacted' | 'busy' | 'conflict';
}

export interface LakeCompaction {
  readonly partitions: readonly PartitionResult[];
  /** Data files under raw/ before and after (or, with dryRun, that there would be). */
  readonly filesBefore: number;
  readonly filesAfter: number;
  /** Ingest outputs left as they are, and why (another schema, a source being replaced, too large). */
  readonly skipped: readonly { readonly key: string; readonly why: string }[];
  readonly dryRun: boolean;
}

/** The version that stands for a lake output: its landing key, ingest id, and whether it is at rest. */
interface Owner {
  readonly key: string;
  readonly ingestId: string;
  /** No intent on the key and nothing left to settle: its outputs may be merged. */
  readonly atRest: boolean;
}

/** Every committed output's owner, from one read of every source entry. */
async function ownersOfOutputs(lake: ObjectStore): Promise<Map<string, Owner>> {
  const keys: string[] = [];
  for await (const object of lake.list(SOURCE_LEDGER_PREFIX)) if (object.key.endsWith('.json')) keys.push(object.key);
  const entries = await inBatches(keys, async (key) =>
    parseEntry(Buffer.from(await readAll(lake, key)).toString('utf8')),
  );
  const owners = new Map<string, Owner>();
  for (const entry of entries) {
    const committed = entry.committed;
    if (!committed) continue;
    const owner = { key: entry.key, ingestId: committed.ingestId, atRest: !entry.pending && !entry.settling };
    for (const output of committed.outputs) owners.set(output, owner);
  }
  return owners;
}

/** Lake data files by partition; partitions with a compaction entry are listed even when empty. */
async function filesByPartition(lake: ObjectStore): Promise<Map<string, string[]>> {
  const partitions = new Map<string, string[]>();
  const add = (partition: string) => {
    const files = partitions.get(partition) ?? [];
    partitions.set(partition, files);
    return files;
  };
  for await (const object of lake.list(RAW_PREFIX)) {
    const partition = rawPartitionOf(object.key);
    if (partition) add(partition).push(object.key);
  }
  for await (const object of lake.list(PARTITION_LEDGER_PREFIX)) {
    const partition = partitionOfLedgerKey(object.key);
    if (partition) add(partition);
  }
  return partitions;
}

async function readIfPresent(lake: ObjectStore, key: string): Promise<Uint8Array | undefined> {
  try {
    return await readAll(lake, key);
  } catch (error) {
    if (error instanceof ObjectNotFound) return undefined;
    throw error;
  }
}

const isCompacted = (key: string) => (key.split('/').at(-1) ?? '').startsWith(COMPACTED_MARK);

interface Planned {
  readonly plan: RewritePlan | undefined;
  readonly skipped: { key: string; why: string }[];
}

/**
 * The next round for a partition at rest: members still standing kept, stale ones (a replaced
 * version) dropped, and the outputs of versions at rest merged in; undefined when one file is
 * already all there is.
 */
async function planRound(
  lake: ObjectStore,
  current: VersionedPartitionEntry,
  files: readonly string[],
  owners: ReadonlyMap<string, Owner>,
): Promise<Planned> {
  const { partition, committed } = current.entry;
  const skipped: { key: string; why: string }[] = [];
  const stands = (m: CompactionMember) => owners.get(m.output)?.ingestId === m.ingestId;
  const kept = (committed?.members ?? []).filter(stands);
  const stale = (committed?.members.length ?? 0) - kept.length;
  const pieces: ParquetPiece[] = [];
  let shape: string | undefined;
  let bytes = 0;
  if (committed?.file && kept.length > 0) {
    const file = await readAll(lake, committed.file);
    shape = parquetLayout(file).shape;
    bytes += file.length;
    pieces.push({ bytes: file, rowGroups: rowGroupsOf(committed.members, stands) });
  }
  const keptOutputs = new Set(kept.map((m) => m.output));
  const added: CompactionMember[] = [];
  const absorbed: string[] = [];
  const candidates = files.filter((f) => !isCompacted(f) && !keptOutputs.has(f)).sort();
  for (const output of candidates) {
    const owner = owners.get(output);
    if (!owner) continue; // doctor's business (an orphan), or written since the ledger was read
    if (!owner.atRest) {
      skipped.push({ key: output, why: `${owner.key} is being published or replaced` });
      continue;
    }
    const file = await readIfPresent(lake, output);
    if (!file) continue; // its version was replaced since the ledger was read
    if (bytes + file.length > MAX_COMPACTED_BYTES) {
      skipped.push({ key: output, why: `the compacted file would pass ${MAX_COMPACTED_BYTES} bytes` });
      continue;
    }
    let layout: ReturnType<typeof parquetLayout>;
    try {
      layout = parquetLayout(file);
    } catch (error) {
      if (!(error instanceof NotConcatenable)) throw error;
      skipped.push({ key: output, why: error.message });
      continue;
    }
    shape ??= layout.shape;
    if (layout.shape !== shape) {
      skipped.push({ key: output, why: 'another schema than the partition’s compacted file' });
      continue;
    }
    bytes += file.length;
    pieces.push({ bytes: file });
    absorbed.push(output);
    const rows = layout.rowGroupRows.reduce((a, b) => a + b, 0);
    added.push({ key: owner.key, ingestId: owner.ingestId, output, rowGroups: layout.rowGroupRows.length, rows });
  }
  const inputs = (committed?.file && kept.length > 0 ? 1 : 0) + absorbed.length;
  if (stale === 0 && inputs < 2) return { plan: undefined, skipped };
  const members = [...kept, ...added];
  const file = members.length > 0 ? compactedFileName(partition, members) : undefined;
  return { plan: { file, members, pieces, absorbed }, skipped };
}

/** After the intent: every member's version still stands and is not being replaced. */
const membersStand = (lake: ObjectStore, members: readonly CompactionMember[]) => async () => {
  const entries = await inBatches(members, (m) => readEntry(lake, m.key));
  return entries.every(({ entry }, i) => entry.committed?.ingestId === members[i]?.ingestId && !entry.settling);
};

async function compactPartition(
  lake: ObjectStore,
  partition: string,
  files: readonly string[],
  owners: ReadonlyMap<string, Owner>,
  options: { readonly dryRun: boolean; readonly leaseMs: number },
): Promise<{ result?: PartitionResult; skipped: { key: string; why: string }[] }> {
  let outcome: PartitionResult['outcome'] = 'conflict';
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await readPartitionEntry(lake, partition);
    if (!options.dryRun) {
      const recovery = await recoverPartitionEntry(lake, current, options.leaseMs);
      if (recovery === 'busy') return { result: resultOf(partition, files, files, 0, 'busy'), skipped: [] };
      if (recovery === 'changed') continue;
    }
    const { plan, skipped } = await planRound(lake, current, files, owners);
    if (!plan) return { skipped };
    const after = files.filter((f) => !plan.absorbed.includes(f) && f !== current.entry.committed?.file);
    if (plan.file) after.push(plan.file);
    if (options.dryRun) return { result: resultOf(partition, files, after, plan.members.length, 'compacted'), skipped };
    if ((await runRound(lake, current, plan, membersStand(lake, plan.members))) === 'done') {
      return { result: resultOf(partition, files, after, plan.members.length, 'compacted'), skipped };
    }
    outcome = 'conflict';
  }
  return { result: resultOf(partition, files, files, 0, outcome), skipped: [] };
}

const resultOf = (
  partition: string,
  before: readonly string[],
  after: readonly string[],
  members: number,
  outcome: PartitionResult['outcome'],
): PartitionResult => ({ partition, filesBefore: before.length, filesAfter: after.length, members, outcome });

/**
 * Compacts every partition of the lake that has more than one data file, or whose compacted file
 * holds a version that no longer stands. With `dryRun`, reports what it would do and changes
 * nothing.
 */
export async function compactLake(
  lake: ObjectStore,
  options: { readonly dryRun?: boolean; readonly leaseMs?: number } = {},
): Promise<LakeCompaction> {
  const dryRun = options.dryRun ?? false;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const owners = await ownersOfOutputs(lake);
  const partitions = await filesByPartition(lake);
  // One ingest output alone is as compact as a partition gets; a compacted file may hold a stale
  // member, and an entry without files may hold a crashed round's intent.
  const work = [...partitions].filter(([, files]) => files.length !== 1 || files.some(isCompacted));
  const done = await inBatches(
    work,
    ([partition, files]) => compactPartition(lake, partition, files, owners, { dryRun, leaseMs }),
    PARTITIONS_AT_ONCE,
  );
  const results = done.flatMap((d) => (d.result ? [d.result] : []));
  let filesBefore = 0;
  for (const files of partitions.values()) filesBefore += files.length;
  const filesAfter = filesBefore - results.reduce((n, r) => n + r.filesBefore - r.filesAfter, 0);
  const partitionsOut = results.sort((a, b) => a.partition.localeCompare(b.partition));
  return { partitions: partitionsOut, filesBefore, filesAfter, skipped: done.flatMap((d) => d.skipped), dryRun };
}
