/**
 * The ingest's error taxonomy. Two families, because callers act on them differently:
 *
 * - A **file rejection** is the input's own problem (`FileRejectionRule`): the file goes to
 *   quarantine whole with its reason, the attempt is audited `rejected`, and retrying would give
 *   the same answer — so it is a result, never a retry.
 * - An **attempt failure** (`AttemptFailureKind`) is everything that stops an attempt without a
 *   result: the caller retries it (the Lambda reports the message as a batch item failure, the CLI
 *   reports the file and goes on with the others). Nothing it half-wrote is visible: the ledger
 *   rolls it back (ledger.ts).
 */

/** Why a file is rejected whole; the `rule` of its quarantine reason and the start of its audit reason. */
export type FileRejectionRule =
  | 'unknown_feed'
  | 'unknown_format'
  | 'empty_file'
  | 'not_utf8'
  | 'gzip'
  | 'csv_quote'
  | 'missing_column'
  | 'duplicate_column'
  /** A JSON array or pretty-printed JSON where one object per line was expected. */
  | 'not_ndjson'
  /** A dangling symlink, one out of the landing tree, a directory, a name the file system refuses. */
  | 'unreadable'
  /** One record longer than the contract's maximum record size. */
  | 'record_too_long'
  /** Reading the file failed in a way no rule names (a parser limit): the message says how. */
  | 'unparseable';

/** A file that cannot be ingested at all; it goes to quarantine whole with this reason. */
export class FileRejection extends Error {
  constructor(
    readonly rule: FileRejectionRule,
    message: string,
  ) {
    super(message);
    this.name = 'FileRejection';
  }
}

/**
 * - `storage`: a bucket operation failed (S3 throttled or answered 5xx, the disk is full, a
 *   permission is missing) — retry once the store is well;
 * - `contention`: the key's ledger entry kept changing under the attempt (many deliveries of one
 *   key at once) — retry later;
 * - `message`: the queue message is not an S3 event notification the handler can read (another
 *   producer, a hand-sent test) — nothing was ingested; retried, then in the DLQ for a person to read;
 * - `bug`: anything else — retried, and after the queue's maxReceiveCount in the DLQ.
 */
export type AttemptFailureKind = 'storage' | 'contention' | 'message' | 'bug';

/** The ledger entry of a key kept changing under an attempt (publish.ts gives up after some rounds). */
export class LedgerContention extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerContention';
  }
}

/** A queue message the ingest Lambda cannot read as an S3 event notification; names the message and why. */
export class MalformedMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessage';
  }
}

/** Error codes of the file system and of object stores that mean the store, not the data, failed. */
const STORAGE_ERROR = /^(E[A-Z]+|SlowDown|Throttling.*|InternalError|ServiceUnavailable|RequestTimeout.*)$/;

export function attemptFailureKind(error: unknown): AttemptFailureKind {
  if (error instanceof LedgerContention) return 'contention';
  if (error instanceof MalformedMessage) return 'message';
  const e = error as { code?: unknown; name?: unknown; $metadata?: unknown } | null;
  if (e && typeof e === 'object') {
    // The AWS SDK's service errors carry $metadata; Node's file system errors an E… code.
    if (e.$metadata !== undefined) return 'storage';
    if (typeof e.code === 'string' && STORAGE_ERROR.test(e.code)) return 'storage';
    if (typeof e.name === 'string' && STORAGE_ERROR.test(e.name)) return 'storage';
  }
  return 'bug';
}
