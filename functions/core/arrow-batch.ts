/**
 * Columnar batch building: normalised rows → Arrow record batches with the contract's schema.
 *
 * Values go straight into typed arrays and one UTF-8 byte buffer per text column, then into
 * `makeData`; Arrow's builders and `vectorFromArray` pay a per-value cost that dominated ingest
 * time when measured (see shared notes on performance).
 */
import * as arrow from 'apache-arrow';
import type { ColumnSpec, FeedContract, Row } from '../../schemas/contract.js';
import { LINEAGE_COLUMNS } from '../../schemas/lineage.js';
import { arrowType } from '../../schemas/physical-types.js';

/** All columns of a raw table: the contract's, then the lineage columns. */
export function rawColumns(contract: FeedContract): [string, ColumnSpec][] {
  return [...Object.entries(contract.columns), ...Object.entries(LINEAGE_COLUMNS)];
}

/** The Arrow schema of a contract's raw table. One canonical schema per contract version. */
export function arrowSchema(contract: FeedContract): arrow.Schema {
  return schemaOf(
    rawColumns(contract),
    new Map([
      ['opslake.feed', contract.id],
      ['opslake.contract_version', contract.version],
    ]),
  );
}

/** An Arrow schema for columns described by specs, with descriptions and units as field metadata. */
export function schemaOf(columns: [string, ColumnSpec][], metadata = new Map<string, string>()): arrow.Schema {
  const fields = columns.map(
    ([name, spec]) =>
      new arrow.Field(
        name,
        arrowType(spec),
        !spec.required,
        new Map([['description', spec.description], ...(spec.unit ? [['unit', spec.unit] as [string, string]] : [])]),
      ),
  );
  return new arrow.Schema(fields, metadata);
}

/** Column storage layouts; a number, not a class per layout, so the hot loops stay monomorphic. */
export const UTF8 = 0;
export const DAYS32 = 1;
export const INT64 = 2;
export const DECIMAL128 = 3;
export const BOOL = 4;

/** How values of an Arrow type (schemas/physical-types.ts gives each kind's) are stored here. */
function layoutOf(type: arrow.DataType): number {
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

const encoder = new TextEncoder();

const FIRST_BATCH_ROWS = 256;

/**
 * Column vectors whose batches have been written, kept for the next batches of the same table.
 * Every write to a vector is idempotent and a batch only reads the rows written for it, so a
 * vector is reused as it is, without clearing. Allocating fresh buffers per batch (and collecting
 * the old ones) was most of the ingest's garbage collections when measured.
 */
export class VectorPool {
  private readonly free = new Map<number, ColumnVector[][]>();
  private rows = 0;

  /** Holds at most `maxRows` row slots; vectors beyond that are left to the collector. */
  constructor(private readonly maxRows: number) {}

  take(capacity: number): ColumnVector[] | undefined {
    const set = this.free.get(capacity)?.pop();
    if (set) this.rows -= capacity;
    return set;
  }

  give(set: ColumnVector[]): void {
    const capacity = set[0]?.capacity ?? 0;
    if (capacity === 0 || this.rows + capacity > this.maxRows) return;
    let list = this.free.get(capacity);
    if (!list) {
      list = [];
      this.free.set(capacity, list);
    }
    list.push(set);
    this.rows += capacity;
  }
}

/**
 * Accumulates rows for one output file and cuts them into record batches of at most `batchRows`.
 * The first batch is small and each next one twice as large, so a file spread over many
 * partitions does not pre-allocate `batchRows` slots in every one of them.
 *
 * Rows arrive either whole (`push`, from a normalised row object) or cell by cell: a caller
 * writes every column at index `pending` through `columns`, then `commit`s the row.
 */
export class BatchBuilder {
  columns: ColumnVector[] = [];
  private length = 0;
  private capacity = 0;
  private readonly names: string[];
  private readonly layouts: [number, arrow.DataType, boolean][];

  /** Columns every row shares (index, value): written at flush, once per batch, not per row. */
  private readonly constants: [number, Uint8Array | number][] = [];

  /** The vector sets of the batches flushed since the last `recycle`. */
  private flushed: ColumnVector[][] = [];

  constructor(
    columns: [string, ColumnSpec][],
    readonly schema: arrow.Schema,
    private readonly batchRows = 65_536,
    /** Shared by the builders of one table (one contract), so vectors move between partitions. */
    private readonly pool?: VectorPool,
  ) {
    this.names = columns.map(([name]) => name);
    this.layouts = columns.map(([, spec]) => {
      const type = arrowType(spec);
      return [layoutOf(type), type, !spec.required];
    });
    this.reset();
  }

  static forContract(contract: FeedContract, batchRows?: number, pool?: VectorPool): BatchBuilder {
    return new BatchBuilder(rawColumns(contract), arrowSchema(contract), batchRows, pool);
  }

  /**
   * Declares that every row has `value` in column `name` (UTF-8 bytes for text, a number
   * otherwise). Row writes may skip the column; whatever they wrote there is replaced at flush.
   */
  setConstant(name: string, value: Uint8Array | number): void {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`no column ${name}`);
    this.constants.push([index, value]);
  }

  /**
   * Hands the vectors of every batch flushed so far to the pool. Only once those batches are no
   * longer read: their buffers are written over by the next batches.
   */
  recycle(): void {
    if (this.pool) for (const set of this.flushed) this.pool.give(set);
    this.flushed = [];
  }

  /** Row slots allocated for the batch being built (memory accounting for callers). */
  get capacityRows(): number {
    return this.capacity;
  }

  /**
   * Gives every vector back to the pool; the builder is not used again. For a partition closed
   * after its rows were written out: an idle partition should hold no buffers at all.
   */
  release(): void {
    if (this.length > 0) throw new Error('release() with rows pending; flush first');
    this.pool?.give(this.columns);
    this.columns = [];
    this.capacity = 0;
  }

  /** Drops to the small first-batch allocation again; call when empty, after a flush. */
  shrink(): void {
    if (this.length > 0) throw new Error('shrink() with rows pending; flush first');
    this.pool?.give(this.columns);
    this.capacity = 0;
    this.reset();
  }

  /** The average UTF-8 bytes per value of each column's last batch, with 10 % headroom. */
  private bytesPerValue: number[] = [];

  private reset(): void {
    this.capacity = Math.min(this.batchRows, this.capacity === 0 ? FIRST_BATCH_ROWS : this.capacity * 2);
    const capacity = this.capacity;
    this.columns =
      this.pool?.take(capacity) ??
      this.layouts.map(
        ([layout, type, nullable], c) => new ColumnVector(layout, type, capacity, nullable, this.bytesPerValue[c]),
      );
    this.length = 0;
  }

  /** Rows written since the last batch; also the index the next row is written at. */
  get pending(): number {
    return this.length;
  }

  /** Appends a row; returns a finished batch when the current one is full. */
  push(row: Row): arrow.RecordBatch | undefined {
    const names = this.names;
    const columns = this.columns;
    const at = this.length;
    for (let c = 0; c < names.length; c++) (columns[c] as ColumnVector).set(at, row[names[c] as string]);
    return this.commit();
  }

  /** Keeps the row written at index `pending`; returns a finished batch when the current one is full. */
  commit(): arrow.RecordBatch | undefined {
    this.length++;
    return this.length === this.capacity ? this.flush() : undefined;
  }

  /** The rows pushed since the last batch, as a batch (undefined when there are none). */
  flush(): arrow.RecordBatch | undefined {
    if (this.length === 0) return undefined;
    const length = this.length;
    for (const [index, value] of this.constants) (this.columns[index] as ColumnVector).fill(length, value);
    this.bytesPerValue = this.columns.map((c) =>
      c.layout === UTF8 ? Math.max(1, (1.1 * (c.offsets[length] as number)) / length) : 0,
    );
    const children = this.columns.map((c) => c.finish(length));
    if (this.pool) this.flushed.push(this.columns);
    const batch = new arrow.RecordBatch(
      this.schema,
      arrow.makeData({ type: new arrow.Struct(this.schema.fields), length, children }),
    );
    this.reset();
    return batch;
  }
}
