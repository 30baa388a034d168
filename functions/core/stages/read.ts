/**
 * The read stage: a landed file's bytes → record tables, each with the decoder for its records.
 *
 * It streams and hashes the delivered bytes (the caller's HashingTap), decompresses gzip, finds the
 * format from the key, matches the CSV header (or each NDJSON line's members) to the contract, and
 * says which records have no fields to validate: a CSV record with another field count than the
 * header, an NDJSON line that is no JSON object. Everything the file's bytes get wrong as a whole
 * (not UTF-8, no header, empty) is a FileRejection thrown from here.
 */
import type { FeedContract, TimezoneOf } from '../../../schemas/contract.js';
import { CsvColumnDecoder } from '../column-decoder.js';
import { type CsvRecordTable, recordFields, scanCsv } from '../csv-reader.js';
import { FileRejection } from '../errors.js';
import { type LineProblem, type NdjsonRecordTable, scanNdjson } from '../ndjson-reader.js';
import { type HashingTap, type HeaderReport, lines, matchHeader, plainBytes } from '../record-source.js';
import type { ObjectStore } from '../storage/port.js';

/** Why a record cannot be validated: its rule, message and its text as read. */
export type RecordProblem = LineProblem;

/** Records `from` … `table.count - 1` of a table, all decoded by `decoder`. */
export interface RecordBatch {
  readonly table: CsvRecordTable;
  readonly from: number;
  readonly decoder: CsvColumnDecoder;
  /** Why record `r` has no fields to validate, or undefined when it has. */
  problemOf(r: number): RecordProblem | undefined;
}

export interface ReadRequest {
  readonly landing: ObjectStore;
  readonly key: string;
  readonly feed: FeedContract;
  readonly timezoneOf: TimezoneOf;
  /** Counts and hashes the delivered bytes as they stream past (the audit's bytes and content hash). */
  readonly tap: HashingTap;
  /** Told once the file's columns are known (CSV: its header; NDJSON: the first line). */
  readonly onHeader: (report: HeaderReport) => void;
}

/**
 * The file's records, table by table. The tables are reused: read a batch before asking for the
 * next. Rejects the file once it is read when it turned out empty.
 */
export async function* readRecords(request: ReadRequest): AsyncGenerator<RecordBatch> {
  const { format, bytes } = plainBytes(request.key, request.tap.tap(request.landing.read(request.key)));
  try {
    yield* format === 'csv' ? csvBatches(request, bytes) : ndjsonBatches(request, bytes);
  } catch (error) {
    // A CSV without a header is, when it has no bytes at all, more plainly an empty file.
    if (error instanceof FileRejection && error.rule === 'empty_file' && request.tap.bytes === 0) throw emptyFile();
    throw error;
  }
  if (request.tap.bytes === 0) throw emptyFile();
}

const emptyFile = () => new FileRejection('empty_file', 'the file is empty (0 bytes)');

async function* csvBatches(request: ReadRequest, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<RecordBatch> {
  const { feed } = request;
  let decoder: CsvColumnDecoder | undefined;
  let width = 0;
  for await (const table of scanCsv(bytes, ',', feed.maxRecordBytes)) {
    let from = 0;
    if (decoder === undefined) {
      if (table.count === 0) continue;
      const header = recordFields(table, 0);
      const mapping = matchHeader(feed, header);
      request.onHeader(mapping);
      width = header.length;
      decoder = new CsvColumnDecoder(feed, mapping.indexOf, request.timezoneOf);
      from = 1;
    }
    yield { table, from, decoder, problemOf: (r) => fieldCountProblem(table, r, width) };
  }
  if (decoder === undefined) throw new FileRejection('empty_file', 'the file has no header row');
}

function fieldCountProblem(table: CsvRecordTable, r: number, width: number): RecordProblem | undefined {
  const fields = (table.firstField[r + 1] as number) - (table.firstField[r] as number);
  if (fields === width) return undefined;
  return {
    rule: 'field_count',
    message: `expected ${width} fields as in the header, found ${fields}`,
    raw: recordFields(table, r).join(','),
  };
}

async function* ndjsonBatches(request: ReadRequest, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<RecordBatch> {
  const { feed } = request;
  // Each line's members in contract column order: the same decoder, identity field mapping.
  const decoder = new CsvColumnDecoder(feed, new Map(feed.columnNames.map((c, i) => [c, i])), request.timezoneOf);
  const problemOf = (table: NdjsonRecordTable) => (r: number) => table.problems[r];
  for await (const table of scanNdjson(feed, lines(bytes, feed.maxRecordBytes), request.onHeader)) {
    yield { table, from: 0, decoder, problemOf: problemOf(table) };
  }
}
