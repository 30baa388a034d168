/**
 * The publish stage: how an attempt leaves the lake — its staged file published as the version of
 * its key that stands (through the ledger protocol of publish.ts and ledger.ts), or, for a file
 * rejected whole, the file copied to quarantine beside a note of why.
 */
import { quarantinedFileKey, quarantineReasonKey } from '../../../schemas/lake-layout.js';
import type { WholeFileRejectionNote } from '../../../schemas/quarantine.js';
import type { AuditRecord } from '../audit.js';
import type { FileRejection } from '../errors.js';
import type { SettleHooks, VersionedEntry } from '../ledger.js';
import { type PublishResult, publishVersion, type StagedFile } from '../publish.js';
import { type Buckets, ObjectNotFound, UnreadableObject } from '../storage/port.js';

export interface PublishStagedRequest {
  readonly buckets: Buckets;
  readonly key: string;
  readonly ingestId: string;
  readonly stagingPrefix: string;
  /** The S3 event sequencer of the object version being ingested, when there is one. */
  readonly sequencer?: string;
  readonly contentHash: string;
  readonly rowsIn: number;
  readonly rowsValid: number;
  /** Which rows failed which rules (StagedRows.rejectsDigest). */
  readonly rejectsDigest?: string;
  readonly staged: StagedFile;
  /** A replay asked for (`opslake replay`): the attempt whose result this one re-runs. */
  readonly replayOf?: string;
  /** The attempt's audit record for an outcome, given its output count and the attempt it replays. */
  auditOf(outcome: 'loaded' | 'partial' | 'replayed', outputFiles: number, replayOf: string | undefined): AuditRecord;
  /** Warnings publishing adds (a replay, a replaced version), for the audit record. */
  warn(warnings: readonly string[]): void;
  readonly hooks: SettleHooks;
  /** The key's entry as the attempt's recovery left it (PublishRequest.recovered). */
  readonly recovered?: VersionedEntry;
}

/** Publishes the staged file: `published` with its audit record, or why nothing was (duplicate, superseded). */
export function publishStaged(request: PublishStagedRequest): Promise<PublishResult> {
  const { rowsIn, rowsValid } = request;
  return publishVersion({
    stores: request.buckets,
    key: request.key,
    ingestId: request.ingestId,
    contentHash: request.contentHash,
    rowsValid,
    rowsRejected: rowsIn - rowsValid,
    ...(request.rejectsDigest ? { rejectsDigest: request.rejectsDigest } : {}),
    staging: request.stagingPrefix,
    ...(request.sequencer ? { sequencer: request.sequencer } : {}),
    staged: request.staged,
    auditOf: (outputFiles, warnings, sameContentReplayOf) => {
      request.warn(warnings);
      // A replay is the same content with another result, or a re-run asked for by attempt id
      // (which may follow a whole-file rejection, when nothing of the file was published).
      const replayOf = sameContentReplayOf ?? request.replayOf;
      const outcome = replayOf ? 'replayed' : rowsValid === rowsIn ? 'loaded' : 'partial';
      return request.auditOf(outcome, outputFiles, replayOf);
    },
    hooks: request.hooks,
    ...(request.recovered ? { recovered: request.recovered } : {}),
  });
}

/**
 * Copies a file that cannot be ingested into quarantine (streamed), beside a note of why and of
 * which attempt rejected it (`opslake replay` tells a rejection that still stands by it).
 */
export async function quarantineWholeFile(
  buckets: Buckets,
  key: string,
  error: FileRejection,
  attempt: Pick<WholeFileRejectionNote, 'ingest_id' | 'feed' | 'rows_in'>,
): Promise<void> {
  // An unreadable file is not copied: it may be a symlink to something that is not opslake's.
  if (error.rule !== 'unreadable' && (await buckets.landing.stat(key))) {
    try {
      await buckets.quarantine.write(quarantinedFileKey(key), buckets.landing.read(key));
    } catch (copyError) {
      if (!(copyError instanceof ObjectNotFound || copyError instanceof UnreadableObject)) throw copyError;
    }
  }
  await buckets.quarantine.write(
    quarantineReasonKey(key),
    JSON.stringify(
      { key, rule: error.rule, message: error.message, ...attempt } satisfies WholeFileRejectionNote,
      null,
      2,
    ),
  );
}
