/**
 * The lake's layout: every key prefix and key builder of the lake and quarantine buckets, in one
 * place. Core writes with these, infra grants and expires by them, codegen points Glue and dbt at
 * them; `test/schemas/lake-layout.test.ts` fails when a prefix is spelled out anywhere else.
 *
 * Lake bucket:
 *   raw/<system>/<feed>/site=<site>/dt=<day>/<name>.parquet   validated rows (one table per feed)
 *   raw/<system>/<feed>/site=<site>/dt=<day>/compacted-<hash>.parquet   `opslake compact`: the partition's files in one
 *   raw/<system>/<feed>/_schema/v<major>.parquet               an empty file holding the schema
 *   audit/ingest_files/dt=<day>/<ingest id>.parquet            one audit record per attempt
 *   audit/ingest_files/dt=<day>/compacted-<ids hash>.parquet   `opslake compact`: a day's records in one file
 *   _ledger/source/<key>.json, _ledger/content/<hash>.json     what each key and content published
 *   _ledger/partition/<system>/<feed>/site=<site>/dt=<day>.json  which sources a compacted file holds
 *                                                             (<key> URI-encoded, or ~<sha256> when long/unsafe)
 *   _staging/<attempt>/…                                        parts of an attempt not yet published
 *   marts/…                                                     dbt's tables in Athena
 * Quarantine bucket:
 *   rows/<system>/<feed>/<name>.ndjson                         rejected rows with their reasons
 *   rows/_schema.ndjson                                        empty: the local build's glob needs a match
 *   files/<landing key>, files/<landing key>.reason.json       files rejected whole
 *                                                             (files/~<sha256>/… when the key is long or unsafe)
 */

import { createHash } from 'node:crypto';

/** The feed a table belongs to: `<system>/<feed>`. */
export interface FeedRef {
  readonly system: string;
  readonly feed: string;
}

export const RAW_PREFIX = 'raw/';
export const AUDIT_ROOT_PREFIX = 'audit/';
export const AUDIT_PREFIX = `${AUDIT_ROOT_PREFIX}ingest_files/`;
export const LEDGER_PREFIX = '_ledger/';
export const SOURCE_LEDGER_PREFIX = `${LEDGER_PREFIX}source/`;
export const CONTENT_LEDGER_PREFIX = `${LEDGER_PREFIX}content/`;
export const PARTITION_LEDGER_PREFIX = `${LEDGER_PREFIX}partition/`;
export const STAGING_PREFIX = '_staging/';
/** dbt's Athena tables (the warehouse side of the lake bucket). */
export const MARTS_PREFIX = 'marts/';
export const QUARANTINE_ROWS_PREFIX = 'rows/';
export const QUARANTINE_FILES_PREFIX = 'files/';

/** `raw/<system>/<feed>/`: every file of a feed's raw table. */
export const rawTablePrefix = (feed: FeedRef): string => `${RAW_PREFIX}${feed.system}/${feed.feed}/`;

/** The site master the ingest reads site timezones from. */
export const SITES_PREFIX = rawTablePrefix({ system: 'reference', feed: 'sites' });

/**
 * The name of part `part` of a file's output (lake partition or quarantine rows): part 0 keeps the
 * plain content hash, later parts a four-digit suffix.
 */
export const partName = (contentHash: string, part = 0): string =>
  part === 0 ? contentHash : `${contentHash}-${String(part).padStart(4, '0')}`;

/** One partition's file of a raw table. */
export const rawPartitionKey = (feed: FeedRef, site: string, day: string, name: string): string =>
  `${rawTablePrefix(feed)}site=${encodeURIComponent(site)}/dt=${day}/${name}.parquet`;

/** A lake output's partition, `raw/<system>/<feed>/site=<site>/dt=<day>/`; undefined for any other key. */
export function rawPartitionOf(key: string): string | undefined {
  if (!key.startsWith(RAW_PREFIX)) return undefined;
  const match = /^([^/]+\/[^/]+\/site=[^/]+\/dt=[^/]+\/)[^/]+\.parquet$/.exec(key.slice(RAW_PREFIX.length));
  return match ? `${RAW_PREFIX}${match[1]}` : undefined;
}

/** Compacted files (`opslake compact`) start with this; an ingest output is named by a content hash. */
export const COMPACTED_MARK = 'compacted-';

/** The file a partition's compaction writes; `hash` names its members, so a re-run names the same file. */
export const compactedPartitionKey = (partition: string, hash: string): string =>
  `${partition}${COMPACTED_MARK}${hash}.parquet`;

/** The compaction entry of a partition (`raw/…/site=…/dt=…/`): which sources its compacted file holds. */
export const partitionLedgerKey = (partition: string): string =>
  `${PARTITION_LEDGER_PREFIX}${partition.slice(RAW_PREFIX.length).replace(/\/$/, '')}.json`;

/** The partition a compaction entry's key names (partitionLedgerKey's inverse); undefined for any other key. */
export function partitionOfLedgerKey(key: string): string | undefined {
  if (!key.startsWith(PARTITION_LEDGER_PREFIX) || !key.endsWith('.json')) return undefined;
  const partition = `${RAW_PREFIX}${key.slice(PARTITION_LEDGER_PREFIX.length, -'.json'.length)}/`;
  return partitionLedgerKey(partition) === key ? partition : undefined;
}

/** The empty Parquet file that carries a contract major version's schema before any data lands. */
export const schemaFileKey = (feed: FeedRef, majorVersion: number): string =>
  `${rawTablePrefix(feed)}_schema/v${majorVersion}.parquet`;

/**
 * The zero-row audit file with every current audit column (the local build writes it, like the
 * feeds' schema files): DuckDB's `union_by_name` read then knows a column that no record file of an
 * older workspace has yet (replay_of), instead of failing the build. Outside any `dt=` partition.
 */
export const AUDIT_SCHEMA_KEY = `${AUDIT_PREFIX}_schema/ingest_files.parquet`;

/** One UTC day's partition of the audit table (the day an attempt started). */
export const auditDayPrefix = (day: string): string => `${AUDIT_PREFIX}dt=${day}/`;

export const auditRecordKey = (day: string, ingestId: string): string => `${auditDayPrefix(day)}${ingestId}.parquet`;

/**
 * The file `opslake compact` merges a day's audit files into. `idsHash` is a hash of the ingest ids
 * it holds, so re-running a compaction that crashed names the same file (docs/ingest.md,
 * "Compacting the audit log"). No leading `_` or `.`: Athena would skip the file.
 */
export const auditCompactedKey = (day: string, idsHash: string): string =>
  `${auditDayPrefix(day)}${AUDIT_COMPACTED_MARK}${idsHash}.parquet`;
export const AUDIT_COMPACTED_MARK = COMPACTED_MARK;

export const contentLedgerKey = (contentHash: string): string => `${CONTENT_LEDGER_PREFIX}${contentHash}.json`;

/** Longest encoded landing key kept readable in its ledger entry's name; longer or unsafe ones are hashed. */
export const MAX_READABLE_LEDGER_ID_BYTES = 160;
/** Characters safe in an object name on every store (and in a local file name). */
const SAFE_ID = /^[A-Za-z0-9%._~-]+$/;
/** Marks a hashed ledger id; a readable id never starts with it. */
const HASHED_ID_MARK = '~';

/** The ledger entry of a landing key: the key URI-encoded, or `~<sha256>` when too long or unsafe. */
export function sourceLedgerKey(landingKey: string): string {
  const encoded = encodeURIComponent(landingKey);
  const readable =
    Buffer.byteLength(encoded) <= MAX_READABLE_LEDGER_ID_BYTES &&
    SAFE_ID.test(encoded) &&
    !encoded.startsWith(HASHED_ID_MARK);
  const id = readable ? encoded : `${HASHED_ID_MARK}${createHash('sha256').update(landingKey).digest('hex')}`;
  return `${SOURCE_LEDGER_PREFIX}${id}.json`;
}

export const stagingPrefixOf = (attempt: string): string => `${STAGING_PREFIX}${attempt}`;

/**
 * An empty NDJSON file the local build writes so DuckDB's glob over rows/ matches something before
 * anything is quarantined; not a part (parts are `rows/<system>/<feed>/…`), so no ledger owns it.
 */
export const QUARANTINE_ROWS_SCHEMA_KEY = `${QUARANTINE_ROWS_PREFIX}_schema.ndjson`;

export const quarantineRowsKey = (feed: FeedRef, name: string): string =>
  `${QUARANTINE_ROWS_PREFIX}${feed.system}/${feed.feed}/${name}.ndjson`;
/** Longest path segment kept as it is under files/: file systems refuse names past 255 bytes. */
const MAX_SEGMENT_BYTES = 200;

/**
 * Where a file rejected whole is kept: under its landing key, or `~<sha256>/<short name>` when a
 * segment is too long for a file system or is empty, `.` or `..` (the reason file names the key).
 */
export function quarantinedFileKey(landingKey: string): string {
  const segments = landingKey.split('/');
  const plain = segments.every(
    (s) =>
      s !== '' && s !== '.' && s !== '..' && !s.startsWith(HASHED_ID_MARK) && Buffer.byteLength(s) <= MAX_SEGMENT_BYTES,
  );
  if (plain) return `${QUARANTINE_FILES_PREFIX}${landingKey}`;
  const hash = createHash('sha256').update(landingKey).digest('hex');
  const last = (segments.at(-1) ?? '').replace(/[^A-Za-z0-9._-]/g, '_').slice(-64) || 'file';
  return `${QUARANTINE_FILES_PREFIX}${HASHED_ID_MARK}${hash}/${last}`;
}
export const quarantineReasonKey = (landingKey: string): string => `${quarantinedFileKey(landingKey)}.reason.json`;

/** Every prefix above, for the test that keeps them out of other files. */
export const LAKE_PREFIXES: readonly string[] = [
  RAW_PREFIX,
  AUDIT_ROOT_PREFIX,
  LEDGER_PREFIX,
  STAGING_PREFIX,
  MARTS_PREFIX,
  QUARANTINE_ROWS_PREFIX,
  QUARANTINE_FILES_PREFIX,
];
