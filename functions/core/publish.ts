/**
 * The publish stage: a validated, staged file → the version of its key that stands in the lake.
 *
 * claim (a write-ahead intent naming every output, ledger.ts) → write the outputs → commit (the
 * entry names the new version and carries its audit record) → settle (audit file, content entry,
 * the replaced version's files go). Any attempt that meets another's unfinished intent rolls it
 * back first, or finishes its settling; see the state machine in ledger.ts.
 */
import type { IngestOutcome } from '../../schemas/audit.js';
import { ownerNow } from './attempts.js';
import type { AuditRecord } from './audit.js';
import { LedgerContention } from './errors.js';
import {
  type ContentEntry,
  deleteVersionFiles,
  type LedgerStores,
  newerThan,
  ownedBy,
  type Recovery,
  readContentEntry,
  readEntry,
  recoverEntry,
  rollBack,
  type SettleHooks,
  settle,
  stateOf,
  swapEntry,
  type Version,
  type VersionedEntry,
} from './ledger.js';

/** What publish needs of the staged file: its output keys (before writing) and the writing. */
export interface StagedFile {
  outputKeys(name: string): { outputs: string[]; rejects: string[] };
  write(name: string): Promise<void>;
}

export interface PublishRequest {
  readonly stores: LedgerStores;
  readonly key: string;
  readonly ingestId: string;
  readonly contentHash: string;
  readonly sequencer?: string;
  readonly rowsValid: number;
  readonly rowsRejected: number;
  /** Which rows failed which rules; absent: compared by counts only. */
  readonly rejectsDigest?: string;
  /** Staging prefix of the attempt in both stores. */
  readonly staging: string;
  readonly staged: StagedFile;
  /**
   * The audit record of the published version, given its output count, warnings and, for a replay
   * of the same content, the ingest id of the version it replaces.
   */
  auditOf(outputFiles: number, warnings: readonly string[], replayOf: string | undefined): AuditRecord;
  readonly hooks: SettleHooks;
  /** How long another machine's intent is presumed alive (ledger.ts DEFAULT_LEASE_MS). */
  readonly leaseMs?: number;
  /**
   * The key's entry as this attempt's recovery left it (recoverKey), so the claim of a new or
   * idle key needs no read of its own. Its swap is still conditional on that version; a decision
   * not to publish is taken on a fresh read, as the entry may have moved on while the file was read.
   */
  readonly recovered?: VersionedEntry;
}

export type PublishResult =
  | { readonly outcome: 'published'; readonly audit: AuditRecord; readonly recoveries: Recovery[] }
  | {
      readonly outcome: Extract<IngestOutcome, 'duplicate' | 'superseded'>;
      readonly reason: string;
      readonly recoveries: Recovery[];
    };

/** Rounds of conflict (another writer changed the entry) before giving up; each round makes progress. */
const MAX_CLAIM_ROUNDS = 20;

/** Output names: the content hash, with the generation for a replay of the same content. */
export const outputName = (contentHash: string, generation: number) =>
  generation === 0 ? contentHash.slice(0, 32) : `${contentHash.slice(0, 32)}-g${generation}`;

/**
 * Same rows valid and rejected as before, for the same reasons (unknown for entries written before
 * counts were kept; compared by counts when either side has no digest of its reasons). A fix that
 * makes a row fail another rule instead changes the outcome: a replay, not a duplicate.
 */
const sameOutcome = (version: Version, request: PublishRequest) =>
  Number.isNaN(version.rowsValid) ||
  (version.rowsValid === request.rowsValid &&
    version.rowsRejected === request.rowsRejected &&
    (version.rejectsDigest === undefined ||
      request.rejectsDigest === undefined ||
      version.rejectsDigest === request.rejectsDigest));

/** Polls a key held by a live attempt: short at first, at most this long between looks. */
const MAX_WAIT_STEP_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface KeyRecovery {
  readonly recoveries: Recovery[];
  /** The entry as last read: absent, IDLE, or held by a live attempt. */
  readonly current: VersionedEntry;
}

/**
 * Brings the key's entry to IDLE, rolling back a dead attempt's intent or settling; returns what it
 * did. An intent of a live attempt is left alone (its owner finishes it).
 */
export async function recoverKey(
  stores: LedgerStores,
  key: string,
  hooks: SettleHooks,
  leaseMs?: number,
): Promise<KeyRecovery> {
  const recoveries: Recovery[] = [];
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
    const current = await readEntry(stores.lake, key);
    const done = await recoverEntry(stores, current, hooks, leaseMs);
    if (done === undefined || done === 'busy') return { recoveries, current };
    if (done) recoveries.push(done);
  }
  throw new LedgerContention(
    `recovering the ledger entry of ${key}: it kept changing under ${MAX_CLAIM_ROUNDS} attempts`,
  );
}

export async function publishVersion(request: PublishRequest): Promise<PublishResult> {
  const recoveries: Recovery[] = [];
  const claim = await claimIntent(request, recoveries);
  if ('outcome' in claim) return claim;
  const { stores, key, contentHash } = request;
  const { pending, replaced } = claim;
  try {
    await request.staged.write(outputName(contentHash, pending.generation));
  } catch (error) {
    // Disk full, a failed PUT: undo what was written, best effort (recovery redoes it otherwise).
    await withdraw(stores, key, pending).catch(() => undefined);
    throw error;
  }
  if (replaced && replaced.contentHash !== contentHash) {
    claim.warnings.push(`replaced ${replaced.outputs.length} output file(s) of an earlier version of ${key}`);
  }
  const audit = request.auditOf(pending.outputs.length, claim.warnings, claim.replayOf);
  const committed = await commitIntent(request, claim, audit);
  if ('outcome' in committed) return { ...committed, recoveries };
  // Settling is idempotent clean-up; if it fails, the next attempt or `opslake doctor` finishes it.
  await settle(stores, committed, request.hooks);
  return { outcome: 'published', audit, recoveries };
}

/** A claimed key: the intent this attempt wrote, the version it replaces, and what the audit says of it. */
interface Claim {
  /** The entry holding the intent, as swapped in: the commit is conditional on its version. */
  readonly intent: VersionedEntry;
  readonly pending: Version;
  readonly replaced: Version | undefined;
  readonly replayOf: string | undefined;
  readonly warnings: string[];
}

type Declined = Extract<PublishResult, { outcome: 'duplicate' | 'superseded' }>;

/**
 * Claim: bring the entry to IDLE (recovering dead attempts, waiting for live ones), decide whether
 * this content still has to be published, and swap in the write-ahead intent naming its outputs.
 */
async function claimIntent(request: PublishRequest, recoveries: Recovery[]): Promise<Claim | Declined> {
  const { stores, key, contentHash, sequencer } = request;
  const content = await readContentEntry(stores.lake, contentHash);
  // Only an entry recovery found absent or IDLE is carried over: acting on another attempt's
  // intent (waiting for it, rolling it back, settling) is decided on a fresh read.
  const recoveredState = request.recovered && stateOf(request.recovered.entry);
  let carried = recoveredState === 'absent' || recoveredState === 'idle' ? request.recovered : undefined;
  let conflicts = 0;
  let waitMs = 5;
  while (conflicts <= MAX_CLAIM_ROUNDS) {
    const current = carried ?? (await readEntry(stores.lake, key));
    const fresh = carried === undefined;
    carried = undefined;
    const { entry } = current;
    if (entry.pending && newerThan(entry.pending, sequencer)) {
      return { outcome: 'superseded', reason: supersededReason(key, entry.pending, sequencer), recoveries };
    }
    if (entry.pending || entry.settling) {
      const done = await recoverEntry(stores, current, request.hooks, request.leaseMs);
      if (done === 'busy') {
        // Another attempt is publishing this key: wait for it to commit or die, then decide.
        await sleep(waitMs);
        waitMs = Math.min(MAX_WAIT_STEP_MS, waitMs * 2);
      } else if (done) recoveries.push(done);
      else conflicts++;
      continue;
    }
    const committed = entry.committed;
    const declined = declineOf(request, committed, content);
    if (declined) {
      if (fresh) return { ...declined, recoveries };
      continue;
    }
    const claim = intentOf(request, committed);
    const next = { key, ...(committed ? { committed } : {}), pending: claim.pending };
    const intent = await swapEntry(stores.lake, current, next);
    if (intent) return { ...claim, intent };
    conflicts++;
  }
  throw new LedgerContention(`claiming ${key}: its ledger entry kept changing under ${MAX_CLAIM_ROUNDS} attempts`);
}

/** Why this content is not to be published over the committed version, if it is not. */
function declineOf(
  request: PublishRequest,
  committed: Version | undefined,
  content: ContentEntry | undefined,
): Omit<Declined, 'recoveries'> | undefined {
  const { key, contentHash, sequencer } = request;
  if (newerThan(committed, sequencer)) {
    return { outcome: 'superseded', reason: supersededReason(key, committed, sequencer) };
  }
  if (committed?.contentHash === contentHash && sameOutcome(committed, request)) {
    return { outcome: 'duplicate', reason: duplicateReason(key, committed.ingestId) };
  }
  if (content && content.key !== key) {
    return { outcome: 'duplicate', reason: duplicateReason(content.key, content.ingestId) };
  }
  return undefined;
}

/**
 * The intent for this content over the committed version. The same content again with another
 * outcome (a fix arrived: a late site master) is a replay: a new version under new names (the next
 * generation), replacing the one that stands.
 */
function intentOf(request: PublishRequest, committed: Version | undefined): Omit<Claim, 'intent'> {
  const { contentHash, sequencer, rowsValid, rowsRejected } = request;
  const generation = committed?.contentHash === contentHash ? committed.generation + 1 : 0;
  const replayOf = generation > 0 ? committed?.ingestId : undefined;
  const warnings: string[] = [];
  if (generation > 0 && committed) {
    warnings.push(
      `replay of ${committed.ingestId}: now ${rowsValid} valid + ${rowsRejected} rejected, was ${committed.rowsValid} + ${committed.rowsRejected}`,
    );
  }
  const { outputs, rejects } = request.staged.outputKeys(outputName(contentHash, generation));
  const pending: Version = {
    ingestId: request.ingestId,
    contentHash,
    outputs,
    rejects,
    generation,
    rowsValid,
    rowsRejected,
    ...(request.rejectsDigest ? { rejectsDigest: request.rejectsDigest } : {}),
    staging: request.staging,
    owner: ownerNow(),
    ...(sequencer ? { sequencer } : {}),
  };
  return { pending, replaced: committed, replayOf, warnings };
}

/**
 * Commit: swap the intent for the committed version carrying its audit record (SETTLING); returns
 * the SETTLING entry. The swap is conditional on the intent as this attempt wrote it, so when
 * another attempt rolled it back meanwhile (it took this process for dead) the swap fails: then
 * withdraw and say what stands instead.
 */
async function commitIntent(
  request: PublishRequest,
  { intent, pending, replaced }: Claim,
  audit: AuditRecord,
): Promise<VersionedEntry | Omit<Declined, 'recoveries'>> {
  const { stores, key, contentHash, sequencer } = request;
  const { staging: _staging, owner: _owner, ...settled } = pending;
  const committed: Version = { ...settled, audit };
  const next = { key, committed, ...(replaced ? { retired: replaced } : {}), settling: true };
  let swapped: VersionedEntry | undefined;
  try {
    swapped = await swapEntry(stores.lake, intent, next);
  } catch (error) {
    await withdraw(stores, key, pending).catch(() => undefined);
    throw error;
  }
  if (swapped) return swapped;
  const current = await withdraw(stores, key, pending);
  const same = [current?.committed, current?.pending].some((v) => v?.contentHash === contentHash);
  const other = current?.pending ?? current?.committed;
  return same
    ? { outcome: 'duplicate', reason: duplicateReason(key, other?.ingestId ?? 'another attempt') }
    : { outcome: 'superseded', reason: supersededReason(key, other, sequencer) };
}

/**
 * Removes what an attempt wrote after its intent was lost, except files the entry now owns
 * (another attempt of the same content writes the same names). Returns the entry as it stands.
 */
async function withdraw(stores: LedgerStores, key: string, mine: Version) {
  const current = await readEntry(stores.lake, key);
  const { entry } = current;
  if (entry.pending?.ingestId === mine.ingestId) {
    // Still ours: roll our own intent back.
    await rollBack(stores, current);
    return (await readEntry(stores.lake, key)).entry;
  }
  await deleteVersionFiles(stores, mine, ownedBy(entry.committed, entry.pending, entry.retired));
  return entry;
}

const duplicateReason = (key: string, ingestId: string) => `same content as ${key}, already ingested by ${ingestId}`;

const supersededReason = (key: string, version: Version | undefined, sequencer: string | undefined) =>
  version?.sequencer !== undefined && sequencer !== undefined
    ? `a newer version of ${key} (S3 sequencer ${version.sequencer} > ${sequencer}) was already ingested by ${version.ingestId}`
    : `another attempt (${version?.ingestId ?? 'unknown'}) took over ${key} while this one was publishing`;
