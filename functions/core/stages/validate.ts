/**
 * The validate stage: records → valid rows for the stage, or rejections naming row, column and rule.
 *
 * A record goes from its bytes to column values through the contract's compiled cell parsers
 * (column-decoder.ts); a record the fast path declines goes to the contract's zod schema, which
 * either normalises it or names every issue. Valid rows are then checked for a primary key already
 * seen in the file (duplicate-keys.ts): the first occurrence is kept.
 *
 * Only rejections and spills are awaited: a valid row's path has no await, which is what keeps the
 * ingest within a small factor of DuckDB (npm run bench -- ingest).
 */
import { type FeedContract, type Row, type RuleParams, rowSchema, type TimezoneOf } from '../../../schemas/contract.js';
import type { CsvColumnDecoder } from '../column-decoder.js';
import type { CsvRecordTable } from '../csv-reader.js';
import { DuplicateKeys, PrimaryKeyBytes } from '../duplicate-keys.js';
import type { RejectedRow } from '../quarantine-rows.js';
import type { RecordBatch } from './read.js';

/** Where validated rows and rejections go (stage.ts). A promise only when the caller must wait. */
export interface RowSink {
  /** The record `decoder` has just parsed, from line `sourceRow`. */
  pushDecoded(decoder: CsvColumnDecoder, sourceRow: number): Promise<void> | undefined;
  /** A row zod normalised, from line `sourceRow`. */
  push(row: Row, sourceRow: number): Promise<void> | undefined;
  reject(rejection: RejectedRow): Promise<void>;
}

export interface ValidateRequest {
  readonly feed: FeedContract;
  /** The landing key, named in every rejection. */
  readonly key: string;
  readonly timezoneOf: TimezoneOf;
  readonly sink: RowSink;
  /** Distinct primary keys remembered exactly (duplicate-keys.ts). */
  readonly keyCapacity?: number;
}

const describe = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);

export class Validator {
  /** Records read (the header excluded). */
  rowsIn = 0;
  /** Records handed to the sink as valid rows. */
  rowsValid = 0;
  private readonly feed: FeedContract;
  private readonly key: string;
  private readonly sink: RowSink;
  private readonly schema: ReturnType<typeof rowSchema>;
  private readonly duplicates: DuplicateKeys;
  private readonly keyBytes: PrimaryKeyBytes;

  constructor(request: ValidateRequest) {
    this.feed = request.feed;
    this.key = request.key;
    this.sink = request.sink;
    this.schema = rowSchema(request.feed, request.timezoneOf);
    this.duplicates = new DuplicateKeys(request.keyCapacity);
    this.keyBytes = new PrimaryKeyBytes(request.feed);
  }

  /** Validates every record of the file, in order. */
  async validate(batches: AsyncIterable<RecordBatch>): Promise<void> {
    for await (const batch of batches) {
      const { table, decoder } = batch;
      for (let r = batch.from; r < table.count; r++) {
        const row = table.row[r] as number;
        this.rowsIn++;
        const problem = batch.problemOf(r);
        if (problem) {
          await this.sink.reject({
            file: this.key,
            row,
            column: null,
            rule: problem.rule,
            message: problem.message,
            value: problem.raw,
          });
          continue;
        }
        const waiting = this.take(decoder, table, r, row);
        if (waiting) await waiting;
      }
    }
  }

  /** Why the duplicate check became approximate, if it did (duplicate-keys.ts). */
  warning(): string | null {
    return this.duplicates.warning();
  }

  /**
   * Record `r` of a table, CSV or NDJSON: valid rows go from bytes to column buffers, the rest
   * through zod. Returns a promise only when it must wait (a rejection, a spill).
   */
  private take(decoder: CsvColumnDecoder, table: CsvRecordTable, r: number, row: number) {
    if (!decoder.parse(table, r)) {
      const values = decoder.rawValues(table, r);
      return this.explain(values, row).then((normalised) => (normalised ? this.accept(normalised, row) : undefined));
    }
    let firstRow: number;
    if (this.keyBytes.singleText) {
      firstRow = this.duplicates.check(decoder.keyBytes, decoder.keyStart, decoder.keyEnd, row);
    } else {
      decoder.primaryKey(this.keyBytes);
      firstRow = this.duplicates.check(this.keyBytes.bytes, 0, this.keyBytes.length, row);
    }
    if (firstRow >= 0) {
      const normalised = this.schema.safeParse(decoder.rawValues(table, r));
      return normalised.success ? this.rejectDuplicate(normalised.data, row, firstRow) : undefined;
    }
    this.rowsValid++;
    return this.sink.pushDecoded(decoder, row);
  }

  /** The contract's zod schema is the error channel: it names every issue of a row, or normalises it. */
  private async explain(values: Record<string, unknown>, row: number): Promise<Row | undefined> {
    const parsed = this.schema.safeParse(values);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const column = issue.path.length > 0 ? String(issue.path[0]) : null;
      await this.sink.reject({
        file: this.key,
        row,
        column,
        rule: ((issue as { params?: RuleParams }).params?.rule ?? issue.code) as string,
        message: issue.message,
        value: column === null ? null : describe(values[column]),
        site: describe(values[this.feed.partitionBy.site]),
      });
    }
    return undefined;
  }

  /** A valid row that took the row-at-a-time path. */
  private async accept(normalised: Row, row: number): Promise<void> {
    this.keyBytes.ofRow(normalised);
    const firstRow = this.duplicates.check(this.keyBytes.bytes, 0, this.keyBytes.length, row);
    if (firstRow >= 0) return this.rejectDuplicate(normalised, row, firstRow);
    this.rowsValid++;
    await this.sink.push(normalised, row);
  }

  private rejectDuplicate(normalised: Row, row: number, firstRow: number): Promise<void> {
    const pk = this.feed.primaryKey;
    const parts = pk.map((c) => String(normalised[c]));
    return this.sink.reject({
      file: this.key,
      row,
      column: pk.join(','),
      rule: 'duplicate_primary_key',
      message: `primary key (${pk.join(', ')}) = (${parts.join(', ')}) already seen at row ${firstRow}; the first occurrence is kept`,
      value: parts.join(','),
      site: describe(normalised[this.feed.partitionBy.site]),
    });
  }
}
