/**
 * One column's values for a batch, in typed arrays and one UTF-8 byte buffer per text column,
 * handed to Arrow's `makeData` without a copy: Arrow's builders and `vectorFromArray` pay a
 * per-value cost that dominated ingest time when measured.
 */
import * as arrow from 'apache-arrow';

const encoder = new TextEncoder();

/** Column storage layouts; a number, not a class per layout, so the hot loops stay monomorphic. */
export const UTF8 = 0;
export const DAYS32 = 1;
export const INT64 = 2;
export const DECIMAL128 = 3;
export const BOOL = 4;

/** How values of an Arrow type (schemas/physical-types.ts gives each kind's) are stored here. */
export function layoutOf(type: arrow.DataType): number {
  if (arrow.DataType.isUtf8(type)) return UTF8;
  if (arrow.DataType.isBool(type)) return BOOL;
  if (arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY) return DAYS32;
  if (arrow.DataType.isDecimal(type) && type.bitWidth === 128) return DECIMAL128;
  if ((arrow.DataType.isInt(type) && type.bitWidth === 64) || arrow.DataType.isTimestamp(type)) return INT64;
  throw new Error(`batch builder: no column layout for Arrow type ${type}`);
}

const TWO_POW_32 = 2 ** 32;

/** Set bits per byte value, for null counts. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v > 0; v >>= 1) n += v & 1;
  return n;
});

/**
 * The first `length` elements, as a view, not a copy: a batch is cut either full (the view is the
 * whole buffer) or just before it is serialised, so an over-allocated tail is never held for long —
 * and copying it was a third of the ingest's buffer churn, and so of its garbage collections.
 */
function compact<T extends Uint8Array | Int32Array | Uint32Array>(array: T, length: number): T {
  return (length === array.length ? array : array.subarray(0, length)) as T;
}

/**
 * One column of the batch being built. Every write names its row index and is idempotent, so a
 * row that turns out invalid half-way is abandoned simply by not committing it: the next row
 * writes over the same slots.
 *
 * Fixed-width values are 32-bit little-endian words, `stride` per value: 1 for DateDay (Int32), 2
 * for Int64 and timestamps, 4 for Decimal128 (unscaled value in the low 64 bits, the sign in the
 * high 64). Values are safe integers (|v| < 2^53), so no BigInt is needed: floor division by 2^32
 * gives the two's-complement high word. Text is UTF-8 bytes with Arrow offsets; the value at row
 * `i` always starts at `offsets[i]`, the end of the row before it.
 */
export class ColumnVector {
  readonly validity: Uint8Array;
  readonly words: Uint32Array;
  readonly offsets: Int32Array;
  /** UTF-8 data for text columns, value bits for booleans. */
  bytes: Uint8Array;
  private readonly stride: number;

  constructor(
    readonly layout: number,
    readonly type: arrow.DataType,
    readonly capacity: number,
    /** Only an optional column keeps a validity bitmap: a required one never holds a null. */
    private readonly nullable = true,
    /** Expected UTF-8 bytes per value of a text column (the previous batch's average). */
    bytesPerValue = 4,
  ) {
    this.validity = new Uint8Array(nullable ? Math.ceil(capacity / 8) : 0);
    this.stride = layout === DAYS32 ? 1 : layout === INT64 ? 2 : layout === DECIMAL128 ? 4 : 0;
    this.words = new Uint32Array(capacity * this.stride);
    this.offsets = new Int32Array(layout === UTF8 ? capacity + 1 : 0);
    // Text is sized from the previous batch of the column and doubles when that is short: a generous
    // fixed guess per column, times many partitions, was most of the ingest's resident memory when
    // measured, and a small one regrew (and copied) every batch.
    this.bytes = new Uint8Array(
      layout === UTF8 ? Math.ceil(capacity * bytesPerValue) : layout === BOOL ? Math.ceil(capacity / 8) : 0,
    );
  }

  private valid(i: number, valid: boolean): void {
    const at = i >> 3;
    const bit = 1 << (i & 7);
    this.validity[at] = valid ? (this.validity[at] as number) | bit : (this.validity[at] as number) & ~bit;
  }

  setNull(i: number): void {
    if (!this.nullable) throw new Error('a required column cannot hold a null');
    this.valid(i, false);
    if (this.layout === UTF8) this.offsets[i + 1] = this.offsets[i] as number;
  }

  /** An integer, unscaled decimal, day number or epoch-microsecond value. */
  setNumber(i: number, v: number): void {
    if (this.nullable) this.valid(i, true);
    const words = this.words;
    if (this.stride === 1) {
      words[i] = v;
      return;
    }
    const at = i * this.stride;
    const high = Math.floor(v / TWO_POW_32);
    words[at] = v - high * TWO_POW_32;
    words[at + 1] = high >>> 0;
    if (this.stride === 4) {
      const sign = v < 0 ? 0xffffffff : 0;
      words[at + 2] = sign;
      words[at + 3] = sign;
    }
  }

  setBoolean(i: number, v: boolean): void {
    if (this.nullable) this.valid(i, true);
    const at = i >> 3;
    const bit = 1 << (i & 7);
    this.bytes[at] = v ? (this.bytes[at] as number) | bit : (this.bytes[at] as number) & ~bit;
  }

  /** Room for `more` bytes after `used`. */
  private reserve(used: number, more: number): Uint8Array {
    if (used + more > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, used + more));
      grown.set(this.bytes.subarray(0, used));
      this.bytes = grown;
    }
    return this.bytes;
  }

  /** UTF-8 bytes `source[start, end)`, already validated as UTF-8. */
  setUtf8(i: number, source: Uint8Array, start: number, end: number): void {
    if (this.nullable) this.valid(i, true);
    const used = this.offsets[i] as number;
    const length = end - start;
    const bytes = this.reserve(used, length);
    if (length <= 32) {
      // Most cells are short ids and codes: a loop beats creating a subarray view for `set`.
      for (let k = 0; k < length; k++) bytes[used + k] = source[start + k] as number;
    } else {
      bytes.set(source.subarray(start, end), used);
    }
    this.offsets[i + 1] = used + length;
  }

  setString(i: number, text: string): void {
    if (this.nullable) this.valid(i, true);
    const used = this.offsets[i] as number;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const bytes = this.reserve(used, text.length * 3);
    let end = used;
    const n = text.length;
    let k = 0;
    for (; k < n; k++) {
      const code = text.charCodeAt(k);
      if (code > 0x7f) break;
      bytes[used + k] = code;
    }
    end = k === n ? used + n : used + encoder.encodeInto(text, bytes.subarray(used)).written;
    this.offsets[i + 1] = end;
  }

  /**
   * Rows `[0, length)` all set to one value, in a few native copies (doubling `copyWithin`) rather
   * than a write per row: for the columns a whole file shares, such as its lineage.
   */
  fill(length: number, value: Uint8Array | number): void {
    if (length === 0) return;
    if (this.nullable) {
      this.validity.fill(0xff, 0, length >> 3);
      for (let i = length & ~7; i < length; i++) this.valid(i, true);
    }
    if (this.layout === UTF8) {
      const text = value as Uint8Array;
      const size = text.length;
      const bytes = this.reserve(0, size * length);
      bytes.set(text, 0);
      for (let done = 1; done < length; done *= 2)
        bytes.copyWithin(done * size, 0, Math.min(done, length - done) * size);
      const offsets = this.offsets;
      for (let i = 0; i <= length; i++) offsets[i] = i * size;
      return;
    }
    if (this.layout === BOOL || this.stride === 0) throw new Error('fill() takes text or numeric columns');
    this.setNumber(0, value as number);
    const stride = this.stride;
    const words = this.words;
    for (let done = 1; done < length; done *= 2)
      words.copyWithin(done * stride, 0, Math.min(done, length - done) * stride);
  }

  /** Any normalised cell value (the row-at-a-time path). */
  set(i: number, value: unknown): void {
    if (value === null || value === undefined) this.setNull(i);
    else if (this.layout === UTF8) this.setString(i, value as string);
    else if (this.layout === BOOL) this.setBoolean(i, value === true);
    else this.setNumber(i, value as number);
  }

  finish(length: number): arrow.Data {
    let valid = this.nullable ? 0 : length;
    const full = length >> 3;
    for (let b = 0; b < full && this.nullable; b++) valid += POPCOUNT[this.validity[b] as number] as number;
    for (let i = full * 8; i < length && this.nullable; i++)
      valid += ((this.validity[i >> 3] as number) >> (i & 7)) & 1;
    const nullCount = length - valid;
    const nullBitmap = nullCount > 0 ? compact(this.validity, Math.ceil(length / 8)) : undefined;
    if (this.layout === UTF8) {
      return arrow.makeData({
        type: this.type as arrow.Utf8,
        length,
        valueOffsets: compact(this.offsets, length + 1),
        data: compact(this.bytes, this.offsets[length] as number),
        nullCount,
        nullBitmap,
      });
    }
    if (this.layout === BOOL) {
      return arrow.makeData({
        type: this.type as arrow.Bool,
        length,
        data: compact(this.bytes, Math.ceil(length / 8)),
        nullCount,
        nullBitmap,
      });
    }
    return arrow.makeData({
      type: this.type,
      length,
      data: compact(this.words, length * this.stride),
      nullCount,
      nullBitmap,
    } as never);
  }
}
