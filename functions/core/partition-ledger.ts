/**
 * Compaction entries: which sources a partition's compacted file holds, and the rounds that
 * rewrite it (core/partition-compaction.ts merges files in; a correction's settle takes a
 * source's rows out again, `releaseRetired`).
 *
 * One object per lake partition, `_ledger/partition/<system>/<feed>/site=…/dt=….json`, changed only
 * by compare-and-swap, with the source ledger's states (ledger.ts):
 *
 *   IDLE {committed?} ──begin──► PENDING {committed?, pending}     the intent names the new file and what it absorbs
 *   PENDING ──commit (its owner, after writing the file)──► SETTLING {committed: new, retired: old?, absorbed}
 *   PENDING ──rollback (anyone, once the owner is dead)──► IDLE {committed?}   the pending file deleted
 *   SETTLING ──settle (anyone; idempotent)──► IDLE {committed}     absorbed files and the retired file deleted
 *
 * A compacted file's row groups are its members' row groups, copied byte for byte in member order
 * (parquet/concatenate.ts), so a member's rows can be dropped without decoding anything. A member
 * names the source version whose rows it holds (landing key and ingest id) and the ingest output
 * they came from. The source entry keeps naming that output after the file is gone: what a
 * version owns is unchanged, only where its rows are read from moves.
 *
 * Readers see each row at least once at every moment and exactly once when nothing is in flight:
 * between a round's file write and its settle, its rows are in the absorbed files and in the new
 * file — identical rows, which staging's latest-version pick counts once (docs/ingest.md,
 * "Compacting the lake").
 */
import { createHash, randomUUID } from 'node:crypto';
import { compactedPartitionKey, partitionLedgerKey, rawPartitionOf } from '../../schemas/lake-layout.js';
import { type AttemptOwner, DEFAULT_LEASE_MS, isAbandoned, liveAttempts, ownerNow } from './attempts.js';
import { concatenateParquet, type ParquetPiece } from './parquet/concatenate.js';
import { type ObjectStore, readAll } from './storage/port.js';

export interface CompactionMember {
  /** The landing key whose rows these are. */
  readonly key: string;
  /** The committed version of that key the rows belong to. */
  readonly ingestId: string;
  /** The ingest output the rows were read from (one of that version's outputs). */
  readonly output: string;
  /** How many consecutive row groups of the compacted file are this member's. */
  readonly rowGroups: number;
  readonly rows: number;
}

export interface CompactedVersion {
  /** The compacted file; absent when no member is left (every source was corrected away). */
  readonly file?: string;
  readonly members: readonly CompactionMember[];
}

export interface PendingCompaction extends CompactedVersion {
  readonly roundId: string;
  readonly owner: AttemptOwner;
  /** Ingest outputs merged into the file: deleted once the round commits. */
  readonly absorbed: readonly string[];
}

export interface PartitionEntry {
  readonly partition: string;
  readonly committed?: CompactedVersion;
  readonly pending?: PendingCompaction;
  /** While SETTLING: what is left to delete. */
  readonly settling?: { readonly retired?: CompactedVersion; readonly absorbed: readonly string[] };
}

export interface VersionedPartitionEntry {
  readonly entry: PartitionEntry;
  /** CAS token; null when absent. */
  readonly version: string | null;
}

export async function readPartitionEntry(lake: ObjectStore, partition: string): Promise<VersionedPartitionEntry> {
  const object = await lake.readVersioned(partitionLedgerKey(partition));
  if (!object) return { entry: { partition }, version: null };
  return { entry: JSON.parse(Buffer.from(object.body).toString('utf8')) as PartitionEntry, version: object.version };
}

/** One CAS on the entry: the version written, or undefined when another writer changed it first. */
const swap = (lake: ObjectStore, current: VersionedPartitionEntry, next: PartitionEntry) =>
  lake.writeIfUnchanged(partitionLedgerKey(next.partition), JSON.stringify(next), current.version);

const idle = (partition: string, committed: CompactedVersion | undefined): PartitionEntry => ({
  partition,
  ...(committed ? { committed } : {}),
});

/** The files a compaction entry owns: its committed, pending and retired compacted files. */
export function compactedFilesOf(entry: PartitionEntry): string[] {
  const files = [entry.committed?.file, entry.pending?.file, entry.settling?.retired?.file];
  return files.filter((f): f is string => f !== undefined);
}

/** Rolls a dead round's intent back: its file goes (unless it is the committed one), then IDLE. */
async function rollBack(lake: ObjectStore, current: VersionedPartitionEntry): Promise<boolean> {
  const { entry } = current;
  const file = entry.pending?.file;
  if (file && file !== entry.committed?.file) await lake.delete(file);
  return (await swap(lake, current, idle(entry.partition, entry.committed))) !== undefined;
}

/** Finishes a committed round: the absorbed ingest outputs and the replaced file go, then IDLE. */
async function settle(lake: ObjectStore, current: VersionedPartitionEntry): Promise<boolean> {
  const { entry } = current;
  for (const file of entry.settling?.absorbed ?? []) await lake.delete(file);
  const retired = entry.settling?.retired?.file;
  if (retired && retired !== entry.committed?.file) await lake.delete(retired);
  return (await swap(lake, current, idle(entry.partition, entry.committed))) !== undefined;
}

export type RecoveryResult = 'idle' | 'busy' | 'changed';

/**
 * Brings a partition's entry toward IDLE: `idle` when it is (nothing done), `changed` when a dead
 * round was rolled back or a committed one settled (or another writer won: re-read either way),
 * `busy` while a live round holds the intent.
 */
export async function recoverPartitionEntry(
  lake: ObjectStore,
  current: VersionedPartitionEntry,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<RecoveryResult> {
  const { pending, settling } = current.entry;
  if (pending) {
    if (!isAbandoned({ ingestId: pending.roundId, owner: pending.owner }, leaseMs)) return 'busy';
    await rollBack(lake, current);
    return 'changed';
  }
  if (settling) {
    await settle(lake, current);
    return 'changed';
  }
  return 'idle';
}

/** A rewrite of one partition's compacted file, planned from an IDLE entry. */
export interface RewritePlan {
  readonly file: string | undefined;
  readonly members: readonly CompactionMember[];
  /** What the new file is made of, in member order (empty when no member is left). */
  readonly pieces: readonly ParquetPiece[];
  readonly absorbed: readonly string[];
}

export type RoundResult = 'done' | 'conflict';

/**
 * One round from the IDLE entry `current` to `plan`: intent, `stillValid` (the sources it read are
 * still what it read), the file, commit, settle. `conflict` when another writer changed the entry
 * or a source changed: nothing of this round is left, re-plan from a fresh read.
 */
export async function runRound(
  lake: ObjectStore,
  current: VersionedPartitionEntry,
  plan: RewritePlan,
  stillValid: () => Promise<boolean>,
): Promise<RoundResult> {
  const { partition, committed } = current.entry;
  const roundId = `compact-${randomUUID()}`;
  const pending: PendingCompaction = {
    ...(plan.file ? { file: plan.file } : {}),
    members: plan.members,
    roundId,
    owner: ownerNow(),
    absorbed: plan.absorbed,
  };
  liveAttempts.add(roundId);
  try {
    const intent: PartitionEntry = { ...idle(partition, committed), pending };
    const intentVersion = await swap(lake, current, intent);
    if (intentVersion === undefined) return 'conflict';
    const held: VersionedPartitionEntry = { entry: intent, version: intentVersion };
    if (!(await stillValid())) {
      await rollBack(lake, held);
      return 'conflict';
    }
    if (plan.file) await lake.write(plan.file, concatenateParquet(plan.pieces));
    const next: CompactedVersion = { ...(plan.file ? { file: plan.file } : {}), members: plan.members };
    const settling = { ...(committed ? { retired: committed } : {}), absorbed: plan.absorbed };
    const settlingEntry: PartitionEntry = { partition, committed: next, settling };
    const committedVersion = await swap(lake, held, settlingEntry);
    if (committedVersion === undefined) {
      // Taken for dead and rolled back meanwhile: the file is ours to remove, unless a round with
      // the same members (the same name) owns it now.
      await withdraw(lake, partition, plan.file);
      return 'conflict';
    }
    await settle(lake, { entry: settlingEntry, version: committedVersion });
    return 'done';
  } finally {
    liveAttempts.delete(roundId);
  }
}

/**
 * The compacted file for these members: named by them, so a round re-planned after a crash names
 * the same file, and a file is never rewritten with other contents under its name.
 */
export function compactedFileName(partition: string, members: readonly CompactionMember[]): string {
  const hash = createHash('sha256');
  for (const m of members) hash.update(`${m.key}\u0000${m.ingestId}\u0000${m.output}\n`);
  return compactedPartitionKey(partition, hash.digest('hex').slice(0, 32));
}

async function withdraw(lake: ObjectStore, partition: string, file: string | undefined): Promise<void> {
  if (!file) return;
  const { entry } = await readPartitionEntry(lake, partition);
  if (!compactedFilesOf(entry).includes(file)) await lake.delete(file);
}

/** Row-group indices of `kept` members within a compacted file laid out as `members`. */
export function rowGroupsOf(
  members: readonly CompactionMember[],
  kept: (member: CompactionMember) => boolean,
): number[] {
  const indices: number[] = [];
  let at = 0;
  for (const member of members) {
    if (kept(member)) for (let i = 0; i < member.rowGroups; i++) indices.push(at + i);
    at += member.rowGroups;
  }
  return indices;
}

/** Rounds against a changing entry before giving up; each conflict means another writer progressed. */
const MAX_ROUNDS = 20;

/**
 * Takes a retired source version's rows out of the compacted files of its outputs' partitions,
 * before its own files are deleted (a correction's settle, ledger.ts). `busy` while a live
 * compaction round holds one of those partitions: the settle is finished later (the next attempt
 * on the key, or `opslake doctor`), after that round — which may be reading the retired files.
 */
export async function releaseRetired(
  lake: ObjectStore,
  key: string,
  retired: { readonly ingestId: string; readonly outputs: readonly string[] },
  leaseMs = DEFAULT_LEASE_MS,
): Promise<'done' | 'busy'> {
  const partitions = new Set(retired.outputs.map(rawPartitionOf).filter((p): p is string => p !== undefined));
  for (const partition of partitions) {
    if ((await releaseFrom(lake, partition, key, retired.ingestId, leaseMs)) === 'busy') return 'busy';
  }
  return 'done';
}

async function releaseFrom(
  lake: ObjectStore,
  partition: string,
  key: string,
  ingestId: string,
  leaseMs: number,
): Promise<'done' | 'busy'> {
  const isReleased = (m: CompactionMember) => m.key === key && m.ingestId === ingestId;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await readPartitionEntry(lake, partition);
    if (current.version === null) return 'done';
    const recovery = await recoverPartitionEntry(lake, current, leaseMs);
    if (recovery === 'busy') return 'busy';
    if (recovery === 'changed') continue;
    const committed = current.entry.committed;
    if (!committed?.file || !committed.members.some(isReleased)) return 'done';
    const members = committed.members.filter((m) => !isReleased(m));
    const file = members.length > 0 ? compactedFileName(partition, members) : undefined;
    const pieces = file
      ? [
          {
            bytes: await readAll(lake, committed.file),
            rowGroups: rowGroupsOf(committed.members, (m) => !isReleased(m)),
          },
        ]
      : [];
    const result = await runRound(lake, current, { file, members, pieces, absorbed: [] }, async () => true);
    if (result === 'done') return 'done';
  }
  throw new Error(`releasing ${key} from ${partition}: its compaction entry kept changing`);
}
