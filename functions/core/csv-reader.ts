/**
 * Streaming RFC 4180 CSV reader: quoted fields, doubled quotes, embedded newlines, CRLF or LF line
 * ends, and a UTF-8 byte-order mark. Bytes must be valid UTF-8: a file in another encoding is
 * rejected whole rather than decoded into U+FFFD replacement characters.
 *
 * The reader works on bytes and reports each field as a byte range, so a caller that parses values
 * itself (the ingest's column decoder) never creates a string per cell; `readCsv` decodes the
 * ranges into strings for callers that want records.
 */
import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_RECORD_BYTES } from '../../schemas/contract.js';
import { FileRejection } from './errors.js';
import { firstInvalidUtf8 } from './utf8.js';

export interface CsvRecord {
  /** 1-based physical record number; the header is record 1, so data starts at 2 (spreadsheet rows). */
  readonly row: number;
  readonly fields: string[];
}

/**
 * The records completed by one slice of input, as byte ranges into `bytes`. The arrays are reused
 * from slice to slice: read them before asking for the next table.
 */
export interface CsvRecordTable {
  readonly bytes: Uint8Array;
  readonly count: number;
  /** Per record: its 1-based physical record number. */
  readonly row: Int32Array;
  /** Per record r: its fields are `firstField[r]` up to `firstField[r + 1]`. */
  readonly firstField: Int32Array;
  /** Per field: the byte range of its content (inside the quotes for a quoted field). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Per field: 1 when it was quoted and holds doubled quotes, which `fieldText` un-doubles. */
  readonly escaped: Uint8Array;
}

/**
 * Input is scanned in slices of at most this many bytes, whatever the source's chunk size, so the
 * per-slice arrays stay small and a slice's bytes are garbage as soon as it is processed.
 */
const SLICE_BYTES = 1 << 16;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of field `f` of a table. */
export function fieldText(table: CsvRecordTable, f: number): string {
  const text = decoder.decode(table.bytes.subarray(table.start[f], table.end[f]));
  return table.escaped[f] === 1 ? text.replaceAll('""', '"') : text;
}

/** The fields of record `r` of a table, as strings. */
export function recordFields(table: CsvRecordTable, r: number): string[] {
  const fields: string[] = [];
  for (let f = table.firstField[r] as number; f < (table.firstField[r + 1] as number); f++) {
    fields.push(fieldText(table, f));
  }
  return fields;
}

class Table implements CsvRecordTable {
  bytes: Uint8Array = new Uint8Array(0);
  count = 0;
  fields = 0;
  row: Int32Array = new Int32Array(1024);
  firstField: Int32Array = new Int32Array(1025);
  start: Int32Array = new Int32Array(8192);
  end: Int32Array = new Int32Array(8192);
  escaped: Uint8Array = new Uint8Array(8192);

  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.count = 0;
    this.fields = 0;
  }

  addField(start: number, end: number, escaped: number): void {
    if (this.fields === this.start.length) {
      const size = this.fields * 2;
      this.start = grow(this.start, size);
      this.end = grow(this.end, size);
      const e = new Uint8Array(size);
      e.set(this.escaped);
      this.escaped = e;
    }
    this.start[this.fields] = start;
    this.end[this.fields] = end;
    this.escaped[this.fields] = escaped;
    this.fields++;
  }

  /** Ends a record whose fields begin at `first`; a blank line (one empty field) is dropped. */
  endRecord(first: number, row: number): void {
    if (this.fields - first === 1 && this.start[first] === this.end[first]) {
      this.fields = first;
      return;
    }
    if (this.count + 1 === this.row.length) {
      this.row = grow(this.row, this.row.length * 2);
      this.firstField = grow(this.firstField, this.firstField.length * 2);
    }
    this.row[this.count] = row;
    this.firstField[this.count] = first;
    this.count++;
    this.firstField[this.count] = this.fields;
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}

/** scanRecord's answer when the record runs past the end of the input and more input follows. */
const INCOMPLETE = -1;

/**
 * Parses `chunks` into tables of records. Memory holds one slice plus one unfinished record, so it
 * does not grow with the file.
 */
export async function* scanCsv(
  chunks: AsyncIterable<Uint8Array>,
  delimiter = ',',
  maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
): AsyncGenerator<CsvRecordTable> {
  const scanner = new CsvScanner(delimiter.charCodeAt(0), maxRecordBytes);
  for await (const input of chunks) {
    for (let offset = 0; offset < input.length; offset += SLICE_BYTES) {
      yield* scanner.slice(input.subarray(offset, offset + SLICE_BYTES));
    }
  }
  yield* scanner.slice(undefined);
}

/** The scanner's state from one slice to the next: the record count, and the record left unfinished. */
class CsvScanner {
  private readonly table = new Table();
  /** Records completed so far, blank lines included: the next record's number is `row + 1`. */
  private row = 0;
  /** Bytes of the file consumed before `carry`. */
  private consumedBytes = 0;
  private carry: Uint8Array = new Uint8Array(0);
  /**
   * Where an unfinished record and the next slice are joined, reused from slice to slice: a table
   * is read to the end before the next slice is scanned, and a fresh buffer per slice was one of
   * the largest sources of garbage-collection pressure.
   */
  private joined = new Uint8Array(0);
  private atFileStart = true;

  constructor(
    private readonly sep: number,
    private readonly maxRecordBytes: number,
  ) {}

  /** Scans the next slice of input (undefined: the input has ended); yields its records, if any. */
  *slice(slice: Uint8Array | undefined): Generator<CsvRecordTable> {
    const final = slice === undefined;
    const buf = this.withCarry(slice);
    let from = 0;
    if (this.atFileStart) {
      if (buf.length < 3 && !final) {
        this.carry = buf.slice();
        return;
      }
      this.atFileStart = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
    }
    this.table.reset(buf);
    const stop = this.scan(buf, from, final);
    // Record boundaries are ASCII bytes, so [from, stop) never splits a multi-byte character.
    this.checkUtf8(buf, from, stop);
    // Copied, not a view: a view would keep the whole slice alive with the carried record.
    this.carry = stop === buf.length ? new Uint8Array(0) : buf.slice(stop);
    this.consumedBytes += stop;
    // The unfinished record is rescanned with every slice: bounding it keeps the scan linear.
    if (this.carry.length > this.maxRecordBytes) throw recordTooLong(this.row + 1, this.maxRecordBytes);
    if (this.table.count > 0) yield this.table;
  }

  /** The carried unfinished record followed by `slice`. */
  private withCarry(slice: Uint8Array | undefined): Uint8Array {
    const carry = this.carry;
    if (carry.length === 0) return slice ?? carry;
    if (slice === undefined) return carry;
    if (this.joined.length < carry.length + slice.length) this.joined = new Uint8Array(carry.length + slice.length);
    const buf = this.joined.subarray(0, carry.length + slice.length);
    buf.set(carry);
    buf.set(slice, carry.length);
    return buf;
  }

  /**
   * Scans the complete records of `buf` into the table; returns where the first incomplete record
   * starts (buf.length when every byte was consumed). `final`: no more input follows.
   */
  private scan(buf: Uint8Array, from: number, final: boolean): number {
    const n = buf.length;
    let p = from;
    while (p < n) {
      const first = this.table.fields;
      const next = this.scanRecord(buf, p, final);
      if (next === INCOMPLETE) {
        this.table.fields = first;
        return p;
      }
      p = next;
      this.row++;
      this.table.endRecord(first, this.row);
    }
    return n;
  }

  /** The fields of the record at `p` into the table; where the next record starts, or INCOMPLETE. */
  private scanRecord(buf: Uint8Array, p: number, final: boolean): number {
    const n = buf.length;
    for (;;) {
      if (p >= n) {
        // Input ended right after a delimiter: the record ends with an empty field.
        if (!final) return INCOMPLETE;
        this.table.addField(p, p, 0);
        return p;
      }
      const fieldEnd = buf[p] === QUOTE ? this.quotedField(buf, p, final) : this.plainField(buf, p);
      if (fieldEnd === INCOMPLETE) return INCOMPLETE;
      if (fieldEnd >= n) return final ? fieldEnd : INCOMPLETE;
      const c = buf[fieldEnd];
      if (c === this.sep) {
        p = fieldEnd + 1;
        continue;
      }
      if (c !== CR) return fieldEnd + 1;
      // Wait for the next byte to know whether this is a CRLF pair.
      if (fieldEnd + 1 >= n && !final) return INCOMPLETE;
      return fieldEnd + (buf[fieldEnd + 1] === LF ? 2 : 1);
    }
  }

  /** A quoted field from its opening quote at `p`; returns the byte after its closing quote. */
  private quotedField(buf: Uint8Array, p: number, final: boolean): number {
    const n = buf.length;
    const contentStart = p + 1;
    let q = contentStart;
    let escaped = 0;
    for (;;) {
      const close = buf.indexOf(QUOTE, q);
      if (close === -1 || (close + 1 === n && !final)) {
        if (!final) return INCOMPLETE;
        throw new FileRejection(
          'csv_quote',
          `row ${this.row + 1}: a quoted field is never closed (unterminated quote)`,
        );
      }
      if (buf[close + 1] === QUOTE) {
        escaped = 1;
        q = close + 2;
        continue;
      }
      this.table.addField(contentStart, close, escaped);
      const fieldEnd = close + 1;
      const next = buf[fieldEnd];
      if (fieldEnd < n && next !== this.sep && next !== LF && next !== CR) {
        throw new FileRejection(
          'csv_quote',
          `row ${this.row + 1}: characters after a closing quote; quotes inside a field must be doubled`,
        );
      }
      return fieldEnd;
    }
  }

  /** An unquoted field from `p` to the next delimiter or line end. */
  private plainField(buf: Uint8Array, p: number): number {
    const n = buf.length;
    const sep = this.sep;
    let j = p;
    while (j < n) {
      const d = buf[j];
      if (d === sep || d === LF || d === CR) break;
      j++;
    }
    this.table.addField(p, j, 0);
    return j;
  }

  private checkUtf8(buf: Uint8Array, from: number, to: number): void {
    if (to > from && !isUtf8(buf.subarray(from, to))) {
      throw new FileRejection(
        'not_utf8',
        `the file is not valid UTF-8 (at byte ${this.consumedBytes + Math.max(from, firstInvalidUtf8(buf, from, to))}); re-export it as UTF-8`,
      );
    }
  }
}

/** The file rejection for a record past the contract's maximum record size. */
export function recordTooLong(row: number, maxRecordBytes: number): FileRejection {
  return new FileRejection(
    'record_too_long',
    `row ${row} is longer than ${maxRecordBytes.toLocaleString('en')} bytes, the contract's maximum record size — a quote left open or a runaway field?`,
  );
}

/** The records of `chunks`, as strings, in one array per slice of input. */
export async function* readCsvBatches(chunks: AsyncIterable<Uint8Array>, delimiter = ','): AsyncGenerator<CsvRecord[]> {
  for await (const table of scanCsv(chunks, delimiter)) {
    const records: CsvRecord[] = [];
    for (let r = 0; r < table.count; r++) records.push({ row: table.row[r] as number, fields: recordFields(table, r) });
    yield records;
  }
}

/** The records of `chunks`, one at a time. */
export async function* readCsv(chunks: AsyncIterable<Uint8Array>, delimiter = ','): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(chunks, delimiter)) yield* batch;
}
