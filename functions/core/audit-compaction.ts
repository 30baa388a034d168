/**
 * `opslake compact` for the audit log: each day's small audit files (one per ingest attempt) are
 * merged into one file, so a scan opens a file per day instead of one per attempt.
 *
 * Crash-safe and idempotent without a manifest (docs/ingest.md, "Compacting the audit log"):
 * 1. read every opslake audit file of the day (its own record files and earlier compacted files);
 * 2. write their records, one per ingest id, to `compacted-<hash of the ids>.parquet` (atomic);
 * 3. delete exactly the files read in 1, except that target.
 * A crash between 2 and 3 leaves a record in two files; readers count each ingest id once
 * (`select distinct` in stg_opslake__ingest_files and in `opslake status`), and the re-run finds
 * the same ids, so the same target, already written, and finishes the deletes. A record written
 * while it runs (a late attempt, a settle re-writing its record) was not read, so it is not deleted:
 * the next run merges it. Files that are not opslake's audit files are never read into a target or
 * deleted; they are reported.
 */
import { createHash } from 'node:crypto';
import { decompress as decompressZstd } from 'fzstd';
import {
  type FileMetaData,
  type ParquetParsers,
  parquetMetadata,
  parquetReadObjects,
  parquetSchema,
  type SchemaElement,
} from 'hyparquet';
import type { ColumnSpec } from '../../schemas/contract.js';
import {
  AUDIT_COMPACTED_MARK,
  AUDIT_PREFIX,
  AUDIT_SCHEMA_KEY,
  auditCompactedKey,
  auditDayPrefix,
  auditRecordKey,
} from '../../schemas/lake-layout.js';
import { utcDayOfMicros } from '../../schemas/values.js';
import { AUDIT_COLUMN_LIST, AUDIT_TABLE_METADATA, type AuditRecord, encodeAudit } from './audit.js';
import { inBatches } from './in-batches.js';
import { type ObjectStore, readAll } from './storage/port.js';

export interface DayCompaction {
  readonly day: string;
  /** opslake audit files the day had (record files and earlier compacted files). */
  readonly filesBefore: number;
  /** opslake audit files it has after the run (or, with dryRun, would have). */
  readonly filesAfter: number;
  /** Distinct ingest attempts in them. */
  readonly records: number;
  /** The compacted file, or null when the day was left as it was. */
  readonly target: string | null;
  /** Files deleted (or, with dryRun, that would be). */
  readonly deleted: number;
}

export interface AuditCompaction {
  readonly days: readonly DayCompaction[];
  /** Files under the audit prefix that are not opslake's audit files: read by nobody here, kept. */
  readonly skipped: readonly { readonly key: string; readonly why: string }[];
  readonly dryRun: boolean;
}

interface AuditFile {
  readonly key: string;
  readonly records: readonly AuditRecord[];
}

type Classified = AuditFile | { readonly key: string; readonly why: string };

/** How each audit column is stored: the physical type, and TIMESTAMP for the instants. */
const storedAs = (spec: ColumnSpec): string =>
  spec.kind === 'integer' ? 'INT64' : spec.kind === 'timestamp' ? 'INT64 TIMESTAMP' : 'BYTE_ARRAY STRING';
const EXPECTED = new Map(AUDIT_COLUMN_LIST.map(([name, spec]) => [name, storedAs(spec)]));
const SPECS = new Map(AUDIT_COLUMN_LIST);
const REQUIRED = AUDIT_COLUMN_LIST.filter(([, spec]) => spec.required).map(([name]) => name);

function typeOf(element: SchemaElement): string {
  const logical = element.logical_type?.type ?? (element.converted_type === 'UTF8' ? 'STRING' : undefined);
  return logical ? `${element.type} ${logical}` : String(element.type);
}

/**
 * Why the file's columns are not the audit table's, or null. A file from before an optional column
 * was added lacks it: it reads as null, as the readers' `union_by_name` reads it.
 */
function columnsProblem(elements: readonly SchemaElement[]): string | null {
  for (const element of elements) {
    const expected = EXPECTED.get(element.name);
    if (expected === undefined) return `column ${element.name} is not an audit column`;
    if (expected !== typeOf(element)) return `column ${element.name} is ${typeOf(element)}, not ${expected}`;
  }
  const missing = REQUIRED.filter((name) => !elements.some((e) => e.name === name));
  return missing.length > 0 ? `no ${missing.join(', ')} column` : null;
}

/** Timestamps as exact µs (bigint): hyparquet's default Date would drop the microseconds. */
const MICROS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => millis * 1000n,
  timestampFromMicroseconds: (micros) => micros,
  timestampFromNanoseconds: (nanos) => nanos / 1000n,
};

/** A cell as the writer takes it: text, a safe integer (an instant in µs), or null. */
function cell(name: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  const kind = SPECS.get(name)?.kind;
  if (kind === 'integer' || kind === 'timestamp') return Number(value as bigint);
  return String(value);
}

/**
 * The records of an audit file, or why it is not one of opslake's. Read with hyparquet (pure
 * JavaScript), as the site master is: for a one-row file it costs a fraction of an Arrow reader.
 */
export async function decodeAuditFile(bytes: Uint8Array): Promise<AuditRecord[] | string> {
  // A Buffer from readAll may be a view into a shared pool: hand hyparquet exactly the file.
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    return `not readable as Parquet (${(error as Error).message})`;
  }
  const [metaKey, metaValue] = AUDIT_TABLE_METADATA;
  if (!metadata.key_value_metadata?.some((kv) => kv.key === metaKey && kv.value === metaValue)) {
    return `no ${metaKey}=${metaValue} metadata`;
  }
  const elements = parquetSchema(metadata).children.map((c) => c.element);
  const problem = columnsProblem(elements);
  if (problem) return problem;
  const rows = await parquetReadObjects({ file, metadata, parsers: MICROS, compressors: { ZSTD: zstd } });
  return rows.map(
    (row) =>
      Object.fromEntries(AUDIT_COLUMN_LIST.map(([name]) => [name, cell(name, row[name])])) as unknown as AuditRecord,
  );
}

const zstd = (input: Uint8Array): Uint8Array => decompressZstd(input);

/** The compacted file's name part: a hash of the ingest ids it holds. */
export const idsHash = (ids: readonly string[]): string =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);

/**
 * Whether `key` is a file opslake wrote for `day`: a record file named by its one record's ingest
 * id, or a compacted file named by the hash of its records' ids — never another file that happens
 * to be Parquet.
 */
async function classify(key: string, day: string, bytes: Uint8Array): Promise<Classified> {
  const records = await decodeAuditFile(bytes);
  if (typeof records === 'string') return { key, why: records };
  if (records.some((r) => utcDayOfMicros(r.started_at) !== day)) return { key, why: `a record not of day ${day}` };
  const name = key.slice(auditDayPrefix(day).length);
  if (name.startsWith(AUDIT_COMPACTED_MARK)) {
    if (key === auditCompactedKey(day, idsHash(records.map((r) => r.ingest_id)))) return { key, records };
    return { key, why: 'a compacted file whose name does not match its records' };
  }
  const [only] = records;
  if (records.length === 1 && only && key === auditRecordKey(day, only.ingest_id)) return { key, records };
  return {
    key,
    why:
      records.length === 1
        ? 'not named by its one record’s ingest id'
        : `${records.length} records in a file not named ${AUDIT_COMPACTED_MARK}<hash of their ids>`,
  };
}

/** One record per ingest id; two different records under one id mean a damaged log: stop. */
function merge(files: readonly AuditFile[]): AuditRecord[] {
  const byId = new Map<string, { record: AuditRecord; key: string; text: string }>();
  for (const file of files) {
    for (const record of file.records) {
      const text = JSON.stringify(record);
      const seen = byId.get(record.ingest_id);
      if (seen && seen.text !== text) {
        throw new Error(
          `audit record ${record.ingest_id} differs between ${seen.key} and ${file.key}: not compacting its day`,
        );
      }
      if (!seen) byId.set(record.ingest_id, { record, key: file.key, text });
    }
  }
  return [...byId.values()]
    .map((v) => v.record)
    .sort((a, b) => a.started_at - b.started_at || (a.ingest_id < b.ingest_id ? -1 : 1));
}

/** Compacts one day whose files are `keys`; see the module comment for the order of steps. */
export async function compactAuditDay(
  lake: ObjectStore,
  day: string,
  keys: readonly string[],
  options: { dryRun?: boolean } = {},
): Promise<{ day: DayCompaction; skipped: { key: string; why: string }[] }> {
  const classified = await inBatches(keys, async (key) => classify(key, day, await readAll(lake, key)));
  const files = classified.filter((c): c is AuditFile => 'records' in c);
  const skipped = classified.filter((c): c is { key: string; why: string } => 'why' in c);
  const records = merge(files);
  const target = records.length > 0 ? auditCompactedKey(day, idsHash(records.map((r) => r.ingest_id))) : null;
  // One file is as compact as a day gets: rewriting a lone record file would gain nothing.
  const done = files.length <= 1;
  if (done || !target) {
    const filesBefore = files.length;
    return {
      day: { day, filesBefore, filesAfter: filesBefore, records: records.length, target: null, deleted: 0 },
      skipped,
    };
  }
  const covered = files.map((f) => f.key).filter((key) => key !== target);
  if (!options.dryRun) {
    // Already there when a run crashed after writing it: the same ids give the same bytes.
    if (covered.length === files.length) await lake.write(target, encodeAudit(records));
    await inBatches(covered, (key) => lake.delete(key));
  }
  const deleted = covered.length;
  return { day: { day, filesBefore: files.length, filesAfter: 1, records: records.length, target, deleted }, skipped };
}

/** The audit log's files grouped by the day partition they are in. */
async function filesByDay(lake: ObjectStore): Promise<{ days: Map<string, string[]>; stray: string[] }> {
  const days = new Map<string, string[]>();
  const stray: string[] = [];
  for await (const object of lake.list(AUDIT_PREFIX)) {
    if (object.key === AUDIT_SCHEMA_KEY) continue; // the build's zero-row schema file, not a record
    const match = /^dt=(\d{4}-\d{2}-\d{2})\/[^/]+$/.exec(object.key.slice(AUDIT_PREFIX.length));
    const day = match?.[1];
    if (!day) stray.push(object.key);
    else {
      const keys = days.get(day);
      if (keys) keys.push(object.key);
      else days.set(day, [object.key]);
    }
  }
  return { days, stray };
}

/**
 * Compacts every day of the audit log, today's included: a record that lands in a day after it
 * was compacted is merged by the next run, so no day has to be closed first.
 */
export async function compactAudit(lake: ObjectStore, options: { dryRun?: boolean } = {}): Promise<AuditCompaction> {
  const { days, stray } = await filesByDay(lake);
  const results: DayCompaction[] = [];
  const skipped = stray.map((key) => ({ key, why: 'not in a dt=<day>/ partition' }));
  for (const day of [...days.keys()].sort()) {
    const outcome = await compactAuditDay(lake, day, days.get(day) ?? [], options);
    results.push(outcome.day);
    skipped.push(...outcome.skipped);
  }
  return { days: results, skipped, dryRun: Boolean(options.dryRun) };
}
