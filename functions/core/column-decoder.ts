/**
 * The ingest's fast path for both formats (CSV records from csv-reader.ts, NDJSON lines laid out the
 * same way by ndjson-reader.ts): each cell of a record is parsed straight from its bytes
 * into typed scratch slots, checked against the contract, and copied into the Arrow column
 * buffers — no string, object or array is created for a valid row.
 *
 * It implements the same cell rules as the contract's parsers (`parseCell`), but only for the
 * spellings machines send almost always. Anything else — a value it does not accept, and every
 * spelling it does not handle (fractional seconds, Unicode spaces, doubled quotes, a regular
 * expression other than a character class…) — makes `parse` return false, and the caller runs the
 * contract's zod schema on the record's text: zod stays the contract and the error channel, the fast
 * path only saves work on valid rows. `test/ingest/column-decoder.test.ts` (examples) and
 * `test/ingest/cell-properties.test.ts` (property-based, every column kind) hold it to agreeing
 * with zod.
 */
import type { ColumnSpec, CrossFieldRule, FeedContract, Row, TimezoneOf } from '../../schemas/contract.js';
import { type LocalTimestamp, localToUtcMicros, MICROS_PER_DAY } from '../../schemas/values.js';
import { boolean, date, decimal, integer, oneOf, timestamp } from './cell-bytes.js';
import type { ColumnVector } from './column-vector.js';
import { type CsvRecordTable, fieldText } from './csv-reader.js';
import type { PrimaryKeyBytes } from './duplicate-keys.js';

const TEXT = 0;
const ENUM = 1;
const INTEGER = 2;
const DECIMAL = 3;
const BOOLEAN = 4;
const DATE = 5;
const TIMESTAMP = 6;

const KIND_CODE: Record<ColumnSpec['kind'], number> = {
  string: TEXT,
  enum: ENUM,
  integer: INTEGER,
  decimal: DECIMAL,
  boolean: BOOLEAN,
  date: DATE,
  timestamp: TIMESTAMP,
};

/**
 * A string column's pattern as byte tables, when it is `^[first][rest]*$` (the id and code shapes):
 * which ASCII bytes may start the value and which may follow. Derived by testing every ASCII
 * character against each class, so the tables mean exactly what the regular expression means.
 */
function characterTables(pattern: RegExp): { first: Uint8Array; rest: Uint8Array } | undefined {
  // Contracts share a handful of patterns and a decoder is built per file: derive each once.
  if (!tablesByPattern.has(pattern)) tablesByPattern.set(pattern, deriveTables(pattern));
  return tablesByPattern.get(pattern);
}

const tablesByPattern = new WeakMap<RegExp, { first: Uint8Array; rest: Uint8Array } | undefined>();

function deriveTables(pattern: RegExp): { first: Uint8Array; rest: Uint8Array } | undefined {
  const m = /^\^\[([^\]]+)\]\[([^\]]+)\]\*\$$/.exec(pattern.source);
  if (!m || pattern.flags !== '') return undefined;
  const table = (cls: string) => {
    const re = new RegExp(`^[${cls}]$`);
    return Uint8Array.from({ length: 128 }, (_, code) => (re.test(String.fromCharCode(code)) ? 1 : 0));
  };
  return { first: table(m[1] as string), rest: table(m[2] as string) };
}

interface CompiledColumn {
  readonly name: string;
  readonly code: number;
  readonly spec: ColumnSpec;
  // Copied out of `spec`, whose shape differs by kind: reading them here keeps the access monomorphic.
  readonly required: boolean;
  readonly maxLength: number;
  readonly pattern: RegExp | undefined;
  /** Index of the column's field in the record; -1 when the file does not carry it. */
  readonly field: number;
  readonly tables?: { first: Uint8Array; rest: Uint8Array };
  /** Enum values as bytes. */
  readonly choices?: Uint8Array[];
  /** Bounds in the parsed unit (unscaled for decimals). */
  readonly min: number;
  readonly max: number;
  readonly scale: number;
  readonly limit: number;
}

const isSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);

const encoder = new TextEncoder();

export class CsvColumnDecoder {
  private readonly columns: CompiledColumn[];
  /** Per column: the parsed number (integer, unscaled decimal, day, microseconds, 0/1). */
  private readonly numbers: Float64Array;
  /** Per column: 1 when the cell is empty. */
  private readonly empty: Uint8Array;
  /** Per column: 1 when a timestamp had no offset and waits for the site's timezone. */
  private readonly local: Uint8Array;
  /** Per column: the trimmed byte range of a text cell. */
  private readonly textStart: Int32Array;
  private readonly textEnd: Int32Array;
  private bytes: Uint8Array = new Uint8Array(0);
  private readonly siteColumn: number;
  private readonly dateColumn: number;
  private readonly keyColumns: number[];
  private readonly rules: readonly CrossFieldRule[];
  private readonly ruleColumns: number[];
  private readonly ruleRow: Row = {};
  private readonly sites: { bytes: Uint8Array; name: string }[] = [];
  private readonly wallClock: LocalTimestamp & { days: number; microsOfDay: number } = {
    local: true,
    days: 0,
    microsOfDay: 0,
    text: '',
  };

  constructor(
    contract: FeedContract,
    /** Contract column → field index in the file's records. */
    fieldOf: ReadonlyMap<string, number>,
    private readonly timezoneOf: TimezoneOf,
  ) {
    this.columns = Object.entries(contract.columns).map(([name, spec]) => {
      const unit = spec.kind === 'decimal' ? 10 ** spec.scale : 1;
      const bounded = spec.kind === 'integer' || spec.kind === 'decimal';
      return {
        name,
        code: KIND_CODE[spec.kind],
        spec,
        required: spec.required,
        maxLength: spec.kind === 'string' && spec.maxLength !== undefined ? spec.maxLength : Number.POSITIVE_INFINITY,
        pattern: spec.kind === 'string' ? spec.pattern : undefined,
        field: fieldOf.get(name) ?? -1,
        tables: spec.kind === 'string' && spec.pattern ? characterTables(spec.pattern) : undefined,
        choices: spec.kind === 'enum' ? spec.values.map((v) => encoder.encode(v)) : undefined,
        min: bounded && spec.min !== undefined ? spec.min * unit : Number.NEGATIVE_INFINITY,
        max: bounded && spec.max !== undefined ? spec.max * unit : Number.POSITIVE_INFINITY,
        scale: spec.kind === 'decimal' ? spec.scale : 0,
        limit: spec.kind === 'decimal' ? 10 ** spec.precision : Number.POSITIVE_INFINITY,
      };
    });
    const n = this.columns.length;
    this.numbers = new Float64Array(n);
    this.empty = new Uint8Array(n);
    this.local = new Uint8Array(n);
    this.textStart = new Int32Array(n);
    this.textEnd = new Int32Array(n);
    const indexOf = (name: string) => this.columns.findIndex((c) => c.name === name);
    this.siteColumn = indexOf(contract.partitionBy.site);
    this.dateColumn = indexOf(contract.partitionBy.date);
    this.keyColumns = contract.primaryKey.map(indexOf);
    this.rules = contract.rules;
    this.ruleColumns = [...new Set(contract.rules.flatMap((r) => r.reads))].map(indexOf);
  }

  /**
   * Parses record `r` of `table` into the scratch slots. True when every cell is valid on the fast
   * path and every cross-field rule holds; false sends the record to the zod schema.
   */
  parse(table: CsvRecordTable, r: number): boolean {
    const bytes = table.bytes;
    this.bytes = bytes;
    const first = table.firstField[r] as number;
    const columns = this.columns;
    let pendingLocal = false;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as CompiledColumn;
      this.local[c] = 0;
      if (column.field < 0) {
        if (column.required) return false;
        this.empty[c] = 1;
        continue;
      }
      const f = first + column.field;
      if (table.escaped[f] === 1) return false;
      let start = table.start[f] as number;
      let end = table.end[f] as number;
      while (start < end && isSpace(bytes[start] as number)) start++;
      while (end > start && isSpace(bytes[end - 1] as number)) end--;
      if (start === end) {
        if (column.required) return false;
        this.empty[c] = 1;
        continue;
      }
      // A non-ASCII byte at either end may be a Unicode space that String.prototype.trim removes.
      if ((bytes[start] as number) >= 0x80 || (bytes[end - 1] as number) >= 0x80) return false;
      this.empty[c] = 0;
      switch (column.code) {
        case TEXT:
          if (!this.text(column, bytes, start, end)) return false;
          this.textStart[c] = start;
          this.textEnd[c] = end;
          break;
        case ENUM:
          if (!oneOf(column.choices as Uint8Array[], bytes, start, end)) return false;
          this.textStart[c] = start;
          this.textEnd[c] = end;
          break;
        case INTEGER: {
          const v = integer(bytes, start, end);
          if (Number.isNaN(v) || v < column.min || v > column.max) return false;
          this.numbers[c] = v;
          break;
        }
        case DECIMAL: {
          const v = decimal(bytes, start, end, column.scale);
          if (Number.isNaN(v) || v < column.min || v > column.max || Math.abs(v) >= column.limit) return false;
          this.numbers[c] = v;
          break;
        }
        case BOOLEAN: {
          const v = boolean(bytes, start, end);
          if (v < 0) return false;
          this.numbers[c] = v;
          break;
        }
        case DATE: {
          const v = date(bytes, start, end);
          if (Number.isNaN(v)) return false;
          this.numbers[c] = v;
          break;
        }
        case TIMESTAMP: {
          const v = timestamp(bytes, start, end);
          if (Number.isNaN(v)) return false;
          if (end - start === 19) {
            this.local[c] = 1;
            pendingLocal = true;
          }
          this.numbers[c] = v;
          break;
        }
      }
    }
    if (pendingLocal && !this.resolveLocalTimes()) return false;
    return this.rules.length === 0 || this.checkRules();
  }

  private text(column: CompiledColumn, bytes: Uint8Array, start: number, end: number): boolean {
    const tables = column.tables;
    if (tables) {
      // Every byte must be in its class; the classes are ASCII, so the length in bytes is the length.
      if (end - start > column.maxLength) return false;
      if (tables.first[bytes[start] as number] !== 1) return false;
      for (let i = start + 1; i < end; i++) {
        const b = bytes[i] as number;
        if (b >= 0x80 || tables.rest[b] !== 1) return false;
      }
      return true;
    }
    // UTF-16 length ≤ UTF-8 length, so a value within the limit in bytes is within it in characters.
    if (end - start > column.maxLength) return false;
    if (column.pattern) return column.pattern.test(decoder.decode(bytes.subarray(start, end)));
    return true;
  }

  /** Reads zone-less times in the site's timezone; false when the site has none. */
  private resolveLocalTimes(): boolean {
    const zone = this.timezoneOf(this.site());
    if (zone === undefined) return false;
    const clock = this.wallClock;
    for (let c = 0; c < this.columns.length; c++) {
      if (this.local[c] !== 1) continue;
      const wall = this.numbers[c] as number;
      clock.days = Math.floor(wall / MICROS_PER_DAY);
      clock.microsOfDay = wall - clock.days * MICROS_PER_DAY;
      this.numbers[c] = localToUtcMicros(clock, zone);
    }
    return true;
  }

  private checkRules(): boolean {
    const row = this.ruleRow;
    for (const c of this.ruleColumns) row[(this.columns[c] as CompiledColumn).name] = this.value(c);
    for (const rule of this.rules) if (!rule.check(row)) return false;
    return true;
  }

  /** The normalised value of column `c` of the parsed record, as the zod schema would give it. */
  private value(c: number): string | number | boolean | null {
    if (this.empty[c] === 1) return null;
    const code = (this.columns[c] as CompiledColumn).code;
    if (code === TEXT || code === ENUM) {
      return decoder.decode(this.bytes.subarray(this.textStart[c], this.textEnd[c]));
    }
    if (code === BOOLEAN) return this.numbers[c] === 1;
    return this.numbers[c] as number;
  }

  /** The parsed record's site id; the same few sites recur, so their names are reused. */
  site(): string {
    const start = this.textStart[this.siteColumn] as number;
    const end = this.textEnd[this.siteColumn] as number;
    const bytes = this.bytes;
    for (const known of this.sites) {
      const name = known.bytes;
      if (name.length !== end - start) continue;
      let same = true;
      for (let k = 0; k < name.length; k++) {
        if (name[k] !== bytes[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return known.name;
    }
    const name = decoder.decode(bytes.subarray(start, end));
    if (this.sites.length < 64) this.sites.push({ bytes: bytes.slice(start, end), name });
    return name;
  }

  /** The parsed record's partition value: days for a date column, epoch µs for a timestamp. */
  partitionValue(): number {
    return this.numbers[this.dateColumn] as number;
  }

  /** Spells the parsed record's primary key into `key`. */
  primaryKey(key: PrimaryKeyBytes): void {
    key.begin();
    for (const c of this.keyColumns) {
      const code = (this.columns[c] as CompiledColumn).code;
      if (code === TEXT || code === ENUM)
        key.addText(this.bytes, this.textStart[c] as number, this.textEnd[c] as number);
      else key.addNumber(this.numbers[c] as number);
    }
  }

  /** For a single text key: where it lies in the record's bytes, to be checked in place. */
  get keyBytes(): Uint8Array {
    return this.bytes;
  }
  get keyStart(): number {
    return this.textStart[this.keyColumns[0] as number] as number;
  }
  get keyEnd(): number {
    return this.textEnd[this.keyColumns[0] as number] as number;
  }

  /** Writes the parsed record's contract columns into `columns` (the first ones) at row `at`. */
  write(columns: ColumnVector[], at: number): void {
    const n = this.columns.length;
    for (let c = 0; c < n; c++) {
      const vector = columns[c] as ColumnVector;
      if (this.empty[c] === 1) {
        vector.setNull(at);
        continue;
      }
      const code = (this.columns[c] as CompiledColumn).code;
      if (code === TEXT || code === ENUM)
        vector.setUtf8(at, this.bytes, this.textStart[c] as number, this.textEnd[c] as number);
      else if (code === BOOLEAN) vector.setBoolean(at, this.numbers[c] === 1);
      else vector.setNumber(at, this.numbers[c] as number);
    }
  }

  /** Record `r`'s raw cells by contract column, as the zod schema takes them. */
  rawValues(table: CsvRecordTable, r: number): Record<string, unknown> {
    const first = table.firstField[r] as number;
    const values: Record<string, unknown> = {};
    for (const column of this.columns)
      values[column.name] = column.field < 0 ? null : fieldText(table, first + column.field);
    return values;
  }
}

const decoder = new TextDecoder();
