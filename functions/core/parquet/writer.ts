/**
 * Arrow record batches → Parquet bytes, encoded here from the batches' own buffers.
 *
 * Why not a general writer: parquet-wasm (arrow-rs in WebAssembly) was a third of ingest time when
 * measured — an Arrow IPC hand-off, a copy into the wasm heap, dictionary hashing and per-value
 * statistics — and it compressed every column, including those holding one value per file
 * (`_source_key`, `_ingested_at`, the site), which were a third of the bytes zstd had to read.
 * The lake needs a small, fixed subset of Parquet, written the way every reader takes it:
 *
 * - Parquet v1 data pages; PLAIN values, or a dictionary (PLAIN dictionary page, RLE_DICTIONARY
 *   indices) for the categorical columns named in the layout and for any column chunk whose
 *   values are all the same; definition levels RLE/bit-packed. No v2 pages or delta encodings,
 *   whose support in the engines Athena may use is not something to bet the lake on.
 * - zstd (level 1) per page; row groups of at most `ROW_GROUP_ROWS` rows, made of whole batches.
 * - Types: strings (BYTE_ARRAY, STRING), int64, date (INT32, DATE), timestamp µs (INT64,
 *   TIMESTAMP(MICROS) adjusted to UTC when the Arrow type has a zone), decimal (FIXED_LEN_BYTE_ARRAY,
 *   DECIMAL, as arrow-rs and Spark write it) and boolean. Other Arrow types are refused.
 * - Column-chunk statistics: null count always; min/max for every column but those the layout
 *   names (identifiers, whose ranges prune nothing), with the type-defined column order so readers
 *   trust them.
 *
 * The format is parquet-format's parquet.thrift; test/ingest/parquet-writer.test.ts reads the
 * output back with DuckDB, pyarrow and parquet-wasm (arrow-rs).
 */
import { Buffer } from 'node:buffer';
import * as arrow from 'apache-arrow';
import { CompactWriter, ListOf } from './thrift-compact.js';
import { zstd } from './zstd.js';

export const ROW_GROUP_ROWS = 262_144;
/** A data page is cut when its values reach this many bytes (before compression)… */
const PAGE_BYTES = 1 << 20;
/** …or this many rows. */
const PAGE_ROWS = 131_072;
/** A categorical column with more distinct values than this in a chunk is written PLAIN. */
const MAX_DICTIONARY_ENTRIES = 256;

export interface ParquetLayout {
  /** Categorical columns, written with a dictionary. */
  readonly dictionary?: readonly string[];
  /** Columns written without min/max statistics. */
  readonly withoutStatistics?: readonly string[];
}

const CREATED_BY = 'opslake version 0.1.0';

// parquet.thrift enums.
const BOOLEAN = 0;
const INT32 = 1;
const INT64 = 2;
const BYTE_ARRAY = 6;
const FIXED_LEN_BYTE_ARRAY = 7;
const REQUIRED = 0;
const OPTIONAL = 1;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const ENCODING_RLE_DICTIONARY = 8;
const CODEC_ZSTD = 6;
const PAGE_DATA = 0;
const PAGE_DICTIONARY = 2;
const CONVERTED_UTF8 = 0;
const CONVERTED_DECIMAL = 5;
const CONVERTED_DATE = 6;
const CONVERTED_TIMESTAMP_MICROS = 10;
const LOGICAL_STRING = 1;
const LOGICAL_DECIMAL = 5;
const LOGICAL_DATE = 6;
const LOGICAL_TIMESTAMP = 8;
const TIME_UNIT_MICROS = 2;

/** How a column's Arrow values are laid out, and so how they are encoded. */
const TEXT = 0;
/** Little-endian 32-bit words, `stride` per value: int32/date (1) and int64/timestamp (2). */
const WORDS = 1;
/** Arrow Decimal128 (4 words per value), written big-endian in `typeLength` bytes. */
const DECIMAL = 2;
const BITS = 3;

interface ColumnPlan {
  readonly name: string;
  readonly layout: number;
  readonly physical: number;
  readonly nullable: boolean;
  /** Words per value (WORDS, DECIMAL). */
  readonly stride: number;
  /** Bytes per PLAIN value of a fixed-width column. */
  readonly width: number;
  /** FIXED_LEN_BYTE_ARRAY length. */
  readonly typeLength?: number;
  readonly categorical: boolean;
  readonly statistics: boolean;
  /** Writes converted_type, scale, precision and logicalType into a SchemaElement. */
  readonly annotate: (w: CompactWriter) => void;
}

/** Bytes of the smallest two's-complement integer holding every `precision`-digit value. */
function decimalBytes(precision: number): number {
  const max = 10n ** BigInt(precision);
  let bytes = 1;
  while (1n << BigInt(8 * bytes - 1) < max) bytes++;
  return bytes;
}

function planColumn(field: arrow.Field, layout: ParquetLayout): ColumnPlan {
  const type = field.type;
  const common = {
    name: field.name,
    nullable: field.nullable,
    categorical: layout.dictionary?.includes(field.name) ?? false,
    statistics: !(layout.withoutStatistics?.includes(field.name) ?? false),
  };
  if (arrow.DataType.isUtf8(type)) {
    return {
      ...common,
      layout: TEXT,
      physical: BYTE_ARRAY,
      stride: 0,
      width: 0,
      annotate: (w) => w.i32(6, CONVERTED_UTF8).struct(10, (l) => l.struct(LOGICAL_STRING, () => {})),
    };
  }
  if (arrow.DataType.isInt(type) && type.bitWidth === 64 && type.isSigned) {
    return { ...common, layout: WORDS, physical: INT64, stride: 2, width: 8, annotate: () => {} };
  }
  if (arrow.DataType.isTimestamp(type) && type.unit === arrow.TimeUnit.MICROSECOND) {
    const utc = type.timezone !== null && type.timezone !== undefined;
    return {
      ...common,
      layout: WORDS,
      physical: INT64,
      stride: 2,
      width: 8,
      annotate: (w) =>
        w
          .i32(6, CONVERTED_TIMESTAMP_MICROS)
          .struct(10, (l) =>
            l.struct(LOGICAL_TIMESTAMP, (t) => t.bool(1, utc).struct(2, (u) => u.struct(TIME_UNIT_MICROS, () => {}))),
          ),
    };
  }
  if (arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY) {
    return {
      ...common,
      layout: WORDS,
      physical: INT32,
      stride: 1,
      width: 4,
      annotate: (w) => w.i32(6, CONVERTED_DATE).struct(10, (l) => l.struct(LOGICAL_DATE, () => {})),
    };
  }
  if (arrow.DataType.isDecimal(type) && type.bitWidth === 128) {
    const { scale, precision } = type;
    const typeLength = decimalBytes(precision);
    return {
      ...common,
      layout: DECIMAL,
      physical: FIXED_LEN_BYTE_ARRAY,
      stride: 4,
      width: typeLength,
      typeLength,
      annotate: (w) =>
        w
          .i32(6, CONVERTED_DECIMAL)
          .i32(7, scale)
          .i32(8, precision)
          .struct(10, (l) => l.struct(LOGICAL_DECIMAL, (d) => d.i32(1, scale).i32(2, precision))),
    };
  }
  if (arrow.DataType.isBool(type)) {
    return { ...common, layout: BITS, physical: BOOLEAN, stride: 0, width: 0, statistics: false, annotate: () => {} };
  }
  throw new Error(`parquet: column ${field.name} has Arrow type ${type}, which this writer does not encode`);
}

/** A growable byte buffer, reused from page to page. */
class ByteSink {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  reserve(more: number): Uint8Array {
    if (this.length + more > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    return this.bytes;
  }

  int32(value: number): void {
    const bytes = this.reserve(4);
    const at = this.length;
    bytes[at] = value;
    bytes[at + 1] = value >>> 8;
    bytes[at + 2] = value >>> 16;
    bytes[at + 3] = value >>> 24;
    this.length += 4;
  }

  varint(value: number): void {
    const bytes = this.reserve(5);
    let v = value;
    while (v >= 0x80) {
      bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    bytes[this.length++] = v;
  }

  append(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    const bytes = this.reserve(n);
    if (n <= 32) {
      let at = this.length;
      for (let k = start; k < end; k++) bytes[at++] = source[k] as number;
    } else bytes.set(source.subarray(start, end), this.length);
    this.length += n;
  }
}

/** Little-endian bytes of a fixed-width column's values. */
function wordBytes(data: arrow.Data): Uint8Array {
  const values = data.values as ArrayBufferView;
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function isValid(data: arrow.Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const bit = data.offset + i;
  return (((bitmap[bit >> 3] as number) >> (bit & 7)) & 1) === 1;
}

/** Unsigned lexicographic comparison of two byte ranges (Parquet's order for strings). */
function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const d = (a[as + k] as number) - (b[bs + k] as number);
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

function equalBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let k = 0; k < ae - as; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

/** A value's PLAIN bytes (the length prefix of strings excluded): for dictionaries and statistics. */
function plainValue(plan: ColumnPlan, data: arrow.Data, i: number): Uint8Array {
  if (plan.layout === TEXT) {
    const offsets = data.valueOffsets as Int32Array;
    return (data.values as Uint8Array).slice(offsets[i], offsets[i + 1]);
  }
  const bytes = wordBytes(data);
  const size = plan.stride * 4;
  if (plan.layout === WORDS) return bytes.slice(i * size, i * size + plan.width);
  // Decimal: the low `width` bytes, most significant first.
  const out = new Uint8Array(plan.width);
  for (let b = 0; b < plan.width; b++) out[b] = bytes[i * size + plan.width - 1 - b] as number;
  return out;
}

interface Statistics {
  nullCount: number;
  min?: Uint8Array;
  max?: Uint8Array;
}

interface EncodedChunk {
  readonly parts: Uint8Array[];
  readonly dictionaryPageBytes: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  readonly rows: number;
  readonly encodings: number[];
  readonly statistics: Statistics;
}

/** A dictionary for one column chunk: its distinct values in first-seen order, and each value's index. */
interface Dictionary {
  readonly entries: Uint8Array[];
  /** Index per non-null value, in row order. */
  readonly indices: Uint8Array;
}

/**
 * A dictionary for the chunk if it takes one: categorical columns up to MAX_DICTIONARY_ENTRIES
 * values, any other column only when every value is the same.
 */
function buildDictionary(plan: ColumnPlan, chunks: arrow.Data[], nonNull: number): Dictionary | undefined {
  if (plan.layout === BITS || nonNull === 0) return undefined;
  if (plan.categorical && plan.layout === TEXT) return categoricalDictionary(plan, chunks, nonNull);
  return constantDictionary(plan, chunks);
}

function categoricalDictionary(plan: ColumnPlan, chunks: arrow.Data[], nonNull: number): Dictionary | undefined {
  const entries: Uint8Array[] = [];
  const indices = new Uint8Array(nonNull);
  let k = 0;
  let last = 0;
  for (const data of chunks) {
    const checkNulls = plan.nullable && data.nullCount > 0;
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      if (checkNulls && !isValid(data, i)) continue;
      const s = offsets[i] as number;
      const e = offsets[i + 1] as number;
      let found = -1;
      const previous = entries[last];
      if (previous && equalBytes(previous, 0, previous.length, values, s, e)) found = last;
      else {
        for (let d = 0; d < entries.length; d++) {
          const entry = entries[d] as Uint8Array;
          if (equalBytes(entry, 0, entry.length, values, s, e)) {
            found = d;
            break;
          }
        }
      }
      if (found < 0) {
        if (entries.length === MAX_DICTIONARY_ENTRIES) return undefined;
        found = entries.length;
        entries.push(values.slice(s, e));
      }
      last = found;
      indices[k++] = found;
    }
  }
  return { entries, indices };
}

/** Whether `bytes[start, end)` is `first` repeated (a whole number of times). */
function repeats(first: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  const n = first.length;
  if ((end - start) % Math.max(n, 1) !== 0 || !equalBytes(first, 0, n, bytes, start, Math.min(start + n, end)))
    return false;
  if (end - start <= n) return true;
  // A run equals its own copy shifted by one value exactly when every value equals the first:
  // one native memcmp instead of a comparison per value.
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  return whole.subarray(n).equals(whole.subarray(0, end - start - n));
}

/** A one-entry dictionary when every value of the chunk is the same (one per file: lineage, site). */
function constantDictionary(plan: ColumnPlan, chunks: arrow.Data[]): Dictionary | undefined {
  let first: Uint8Array | undefined;
  let entry: Uint8Array | undefined;
  const size = plan.stride * 4;
  for (const data of chunks) {
    const text = plan.layout === TEXT;
    const offsets = data.valueOffsets as Int32Array;
    const bytes = text ? (data.values as Uint8Array) : wordBytes(data);
    const start = (i: number) => (text ? (offsets[i] as number) : i * size);
    const end = (i: number) => (text ? (offsets[i + 1] as number) : (i + 1) * size);
    if (plan.nullable && data.nullCount > 0) {
      for (let i = 0; i < data.length; i++) {
        if (!isValid(data, i)) continue;
        if (!first) {
          first = bytes.slice(start(i), end(i));
          entry = text ? first : plainValue(plan, data, i);
        } else if (!equalBytes(first, 0, first.length, bytes, start(i), end(i))) return undefined;
      }
      continue;
    }
    if (data.length === 0) continue;
    if (!first) {
      first = bytes.slice(start(0), end(0));
      entry = text ? first : plainValue(plan, data, 0);
    }
    if (text) {
      const length = first.length;
      for (let i = 0; i < data.length; i++)
        if ((offsets[i + 1] as number) - (offsets[i] as number) !== length) return undefined;
    }
    if (!repeats(first, bytes, start(0), end(data.length - 1))) return undefined;
  }
  return entry ? { entries: [entry], indices: new Uint8Array(0) } : undefined;
}

/**
 * Whether value `a` of one fixed-width column sorts before value `b` of another (or the same),
 * both as signed integers of `stride` little-endian words: the top word signed, the rest unsigned.
 */
function lessThan(
  sa: Int32Array,
  ua: Uint32Array,
  a: number,
  sb: Int32Array,
  ub: Uint32Array,
  b: number,
  stride: number,
): boolean {
  const top = stride - 1;
  const ha = sa[a * stride + top] as number;
  const hb = sb[b * stride + top] as number;
  if (ha !== hb) return ha < hb;
  for (let w = top - 1; w >= 0; w--) {
    const la = ua[a * stride + w] as number;
    const lb = ub[b * stride + w] as number;
    if (la !== lb) return la < lb;
  }
  return false;
}

function statisticsOf(plan: ColumnPlan, chunks: arrow.Data[], nullCount: number, dictionary?: Dictionary): Statistics {
  const statistics: Statistics = { nullCount };
  if (!plan.statistics || plan.layout === BITS) return statistics;
  if (plan.layout === TEXT) {
    let min: Uint8Array | undefined;
    let max: Uint8Array | undefined;
    if (dictionary) {
      for (const entry of dictionary.entries) {
        if (!min || compareBytes(entry, 0, entry.length, min, 0, min.length) < 0) min = entry;
        if (!max || compareBytes(entry, 0, entry.length, max, 0, max.length) > 0) max = entry;
      }
      return { nullCount, min, max };
    }
    for (const data of chunks) {
      const checkNulls = plan.nullable && data.nullCount > 0;
      const offsets = data.valueOffsets as Int32Array;
      const values = data.values as Uint8Array;
      let lo = -1;
      let hi = -1;
      for (let i = 0; i < data.length; i++) {
        if (checkNulls && !isValid(data, i)) continue;
        const s = offsets[i] as number;
        const e = offsets[i + 1] as number;
        if (lo < 0) lo = hi = i;
        else if (compareBytes(values, s, e, values, offsets[lo] as number, offsets[lo + 1] as number) < 0) lo = i;
        else if (compareBytes(values, s, e, values, offsets[hi] as number, offsets[hi + 1] as number) > 0) hi = i;
      }
      if (lo < 0) continue;
      const low = values.subarray(offsets[lo], offsets[lo + 1]);
      const high = values.subarray(offsets[hi], offsets[hi + 1]);
      if (!min || compareBytes(low, 0, low.length, min, 0, min.length) < 0) min = low.slice();
      if (!max || compareBytes(high, 0, high.length, max, 0, max.length) > 0) max = high.slice();
    }
    return min && max ? { nullCount, min, max } : statistics;
  }
  const stride = plan.stride;
  let best:
    | { min: [Int32Array, Uint32Array, number, arrow.Data]; max: [Int32Array, Uint32Array, number, arrow.Data] }
    | undefined;
  for (const data of chunks) {
    const values = data.values as ArrayBufferView;
    const signed = new Int32Array(values.buffer, values.byteOffset, data.length * stride);
    const unsigned = new Uint32Array(values.buffer, values.byteOffset, data.length * stride);
    const checkNulls = plan.nullable && data.nullCount > 0;
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < data.length; i++) {
      if (checkNulls && !isValid(data, i)) continue;
      if (lo < 0) {
        lo = hi = i;
        // A dictionary here means every value is the same: the first one is min and max.
        if (dictionary) break;
      } else if (lessThan(signed, unsigned, i, signed, unsigned, lo, stride)) lo = i;
      else if (lessThan(signed, unsigned, hi, signed, unsigned, i, stride)) hi = i;
    }
    if (lo < 0) continue;
    if (!best) best = { min: [signed, unsigned, lo, data], max: [signed, unsigned, hi, data] };
    else {
      const [sm, um, m] = best.min;
      if (lessThan(signed, unsigned, lo, sm, um, m, stride)) best.min = [signed, unsigned, lo, data];
      const [sx, ux, x] = best.max;
      if (lessThan(sx, ux, x, signed, unsigned, hi, stride)) best.max = [signed, unsigned, hi, data];
    }
    if (dictionary) break;
  }
  if (!best) return statistics;
  return {
    nullCount,
    min: plainValue(plan, best.min[3], best.min[2]),
    max: plainValue(plan, best.max[3], best.max[2]),
  };
}

/** Writes pages for one column chunk: header and zstd body, one after the other, into `parts`. */
class PageWriter {
  readonly parts: Uint8Array[] = [];
  compressedBytes = 0;
  uncompressedBytes = 0;
  constructor(
    private readonly values: ByteSink,
    /** Scratch for a page whose definition levels go before its values. */
    private readonly body: ByteSink,
  ) {}

  dictionaryPage(entries: number): number {
    return this.emit(PAGE_DICTIONARY, this.values.bytes.subarray(0, this.values.length), (h) =>
      h.struct(7, (d) => d.i32(1, entries).i32(2, ENCODING_PLAIN)),
    );
  }

  /**
   * A data page of `rows` rows: definition levels from `present` (bits, LSB first; undefined for
   * a required column), then the values already in the value sink.
   */
  dataPage(rows: number, encoding: number, present: Uint8Array | undefined, presentCount: number): void {
    const detail = (h: CompactWriter) =>
      h.struct(5, (d) => d.i32(1, rows).i32(2, encoding).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE));
    if (!present) {
      this.emit(PAGE_DATA, this.values.bytes.subarray(0, this.values.length), detail);
      return;
    }
    const body = this.body;
    body.length = 0;
    {
      const lengthAt = body.length;
      body.int32(0);
      if (presentCount === rows) {
        body.varint(rows << 1);
        body.reserve(1)[body.length++] = 1;
      } else {
        const groups = Math.ceil(rows / 8);
        body.varint((groups << 1) | 1);
        body.append(present, 0, groups);
      }
      const levels = body.length - lengthAt - 4;
      const bytes = body.bytes;
      bytes[lengthAt] = levels;
      bytes[lengthAt + 1] = levels >>> 8;
      bytes[lengthAt + 2] = levels >>> 16;
      bytes[lengthAt + 3] = levels >>> 24;
    }
    body.append(this.values.bytes, 0, this.values.length);
    this.emit(PAGE_DATA, body.bytes.subarray(0, body.length), detail);
  }

  /** Compresses `page`, writes its header; returns header + body bytes. */
  private emit(type: number, page: Uint8Array, detail: (h: CompactWriter) => void): number {
    const compressed = zstd(page);
    const header = new CompactWriter().i32(1, type).i32(2, page.length).i32(3, compressed.length);
    detail(header);
    const headerBytes = header.finish();
    this.parts.push(headerBytes, compressed);
    this.compressedBytes += headerBytes.length + compressed.length;
    this.uncompressedBytes += headerBytes.length + page.length;
    return headerBytes.length + compressed.length;
  }
}

/** Sets bits `[from, from + count)`. */
function setBits(bits: Uint8Array, from: number, count: number): void {
  let i = from;
  const end = from + count;
  for (; i < end && (i & 7) !== 0; i++) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
  for (; i + 8 <= end; i += 8) bits[i >> 3] = 0xff;
  for (; i < end; i++) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}

/** Bit width of dictionary indices below `entries` (at least 1, which every reader takes). */
function bitWidth(entries: number): number {
  let width = 1;
  while (1 << width < entries) width++;
  return width;
}

/** Dictionary indices `[from, to)` as RLE_DICTIONARY page values: bit width, then one hybrid run. */
function encodeIndices(sink: ByteSink, indices: Uint8Array, from: number, to: number, entries: number): void {
  const width = bitWidth(entries);
  sink.reserve(1)[sink.length++] = width;
  const count = to - from;
  if (entries === 1) {
    // One RLE run of index 0.
    sink.varint(count << 1);
    sink.reserve(1)[sink.length++] = 0;
    return;
  }
  const groups = Math.ceil(count / 8);
  sink.varint((groups << 1) | 1);
  const bytes = sink.reserve(groups * width);
  let at = sink.length;
  let buffer = 0;
  let bits = 0;
  for (let k = from; k < from + groups * 8; k++) {
    buffer |= (k < to ? (indices[k] as number) : 0) << bits;
    bits += width;
    while (bits >= 8) {
      bytes[at++] = buffer & 0xff;
      buffer >>>= 8;
      bits -= 8;
    }
  }
  sink.length = at;
}

function encodeColumnChunk(plan: ColumnPlan, chunks: arrow.Data[], values: ByteSink, body: ByteSink): EncodedChunk {
  let rows = 0;
  let nullCount = 0;
  for (const data of chunks) {
    rows += data.length;
    nullCount += plan.nullable ? data.nullCount : 0;
  }
  const dictionary = buildDictionary(plan, chunks, rows - nullCount);
  const statistics = statisticsOf(plan, chunks, nullCount, dictionary);
  const pages = new PageWriter(values, body);
  let dictionaryPageBytes = 0;
  if (dictionary) {
    values.length = 0;
    for (const entry of dictionary.entries) {
      if (plan.layout === TEXT) values.int32(entry.length);
      values.append(entry, 0, entry.length);
    }
    dictionaryPageBytes = pages.dictionaryPage(dictionary.entries.length);
  }

  // Definition levels of the page being filled, as bits; undefined for a required column.
  const rowLimit = plan.layout === WORDS ? Math.min(PAGE_ROWS, Math.floor(PAGE_BYTES / plan.width)) : PAGE_ROWS;
  const present = plan.nullable ? new Uint8Array(Math.ceil(rowLimit / 8) + 1) : undefined;
  let pageRows = 0;
  let pagePresent = 0;
  let pageFirstIndex = 0;
  let nextIndex = 0;
  let bitValue = 0;
  let bitCount = 0;
  values.length = 0;
  const flush = () => {
    if (pageRows === 0) return;
    if (dictionary) {
      values.length = 0;
      encodeIndices(values, dictionary.indices, pageFirstIndex, nextIndex, dictionary.entries.length);
      pageFirstIndex = nextIndex;
    } else if (plan.layout === BITS && bitCount > 0) {
      values.reserve(1)[values.length++] = bitValue;
    }
    pages.dataPage(pageRows, dictionary ? ENCODING_RLE_DICTIONARY : ENCODING_PLAIN, present, pagePresent);
    if (present) present.fill(0);
    pageRows = 0;
    pagePresent = 0;
    bitValue = 0;
    bitCount = 0;
    values.length = 0;
  };

  for (const data of chunks) {
    const checkNulls = plan.nullable && data.nullCount > 0;
    const offsets = data.valueOffsets as Int32Array;
    const text = data.values as Uint8Array;
    const words = plan.layout === WORDS || plan.layout === DECIMAL ? wordBytes(data) : text;
    const size = plan.stride * 4;
    let i = 0;
    if (!checkNulls && !dictionary && plan.layout === TEXT) {
      // No nulls: length-prefixed values in spans that fill the page, reserved at once.
      while (i < data.length) {
        let span = Math.min(data.length - i, rowLimit - pageRows);
        const budget = PAGE_BYTES - values.length;
        const spanBytes = (k: number) => (offsets[i + k] as number) - (offsets[i] as number) + 4 * k;
        if (spanBytes(span) > budget) {
          let lo = 1;
          let hi = span;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (spanBytes(mid) <= budget) lo = mid;
            else hi = mid - 1;
          }
          span = lo;
        }
        const out = values.reserve(spanBytes(span));
        let at = values.length;
        for (let r = i; r < i + span; r++) {
          const s = offsets[r] as number;
          const e = offsets[r + 1] as number;
          const length = e - s;
          out[at] = length;
          out[at + 1] = length >>> 8;
          out[at + 2] = length >>> 16;
          out[at + 3] = length >>> 24;
          at += 4;
          if (length <= 32) for (let k = s; k < e; k++) out[at++] = text[k] as number;
          else {
            out.set(text.subarray(s, e), at);
            at += length;
          }
        }
        values.length = at;
        if (present) setBits(present, pageRows, span);
        pageRows += span;
        pagePresent += span;
        i += span;
        if (pageRows === rowLimit || values.length >= PAGE_BYTES) flush();
      }
      continue;
    }
    if (!checkNulls && (dictionary || (plan.layout === WORDS && plan.width === size))) {
      // No nulls, and values either dictionary indices or contiguous PLAIN bytes: whole spans at once.
      while (i < data.length) {
        const span = Math.min(data.length - i, rowLimit - pageRows);
        if (present) setBits(present, pageRows, span);
        if (dictionary) nextIndex += span;
        else values.append(words, i * size, (i + span) * size);
        pageRows += span;
        pagePresent += span;
        i += span;
        if (pageRows === rowLimit) flush();
      }
      continue;
    }
    for (; i < data.length; i++) {
      const valid = !checkNulls || isValid(data, i);
      if (present && valid) present[pageRows >> 3] = (present[pageRows >> 3] as number) | (1 << (pageRows & 7));
      pageRows++;
      if (valid) {
        pagePresent++;
        if (dictionary) nextIndex++;
        else if (plan.layout === TEXT) {
          const s = offsets[i] as number;
          const e = offsets[i + 1] as number;
          values.int32(e - s);
          values.append(text, s, e);
        } else if (plan.layout === WORDS) {
          values.append(words, i * size, i * size + plan.width);
        } else if (plan.layout === DECIMAL) {
          const bytes = values.reserve(plan.width);
          const top = i * size + plan.width - 1;
          for (let b = 0; b < plan.width; b++) bytes[values.length + b] = words[top - b] as number;
          values.length += plan.width;
        } else {
          const bit = data.offset + i;
          bitValue |= (((text[bit >> 3] as number) >> (bit & 7)) & 1) << bitCount;
          if (++bitCount === 8) {
            values.reserve(1)[values.length++] = bitValue;
            bitValue = 0;
            bitCount = 0;
          }
        }
      }
      if (pageRows === rowLimit || values.length >= PAGE_BYTES) flush();
    }
  }
  flush();
  return {
    parts: pages.parts,
    dictionaryPageBytes,
    compressedBytes: pages.compressedBytes,
    uncompressedBytes: pages.uncompressedBytes,
    rows,
    encodings: dictionary ? [ENCODING_PLAIN, ENCODING_RLE, ENCODING_RLE_DICTIONARY] : [ENCODING_PLAIN, ENCODING_RLE],
    statistics,
  };
}

/**
 * Consecutive batches grouped into row groups of at most ROW_GROUP_ROWS rows; a batch larger than
 * that is cut into slices (views, not copies) first.
 */
function rowGroups(batches: arrow.RecordBatch[]): arrow.RecordBatch[][] {
  const groups: arrow.RecordBatch[][] = [];
  let current: arrow.RecordBatch[] = [];
  let rows = 0;
  const pieces = batches.flatMap((batch) => {
    if (batch.numRows <= ROW_GROUP_ROWS) return [batch];
    const slices: arrow.RecordBatch[] = [];
    for (let start = 0; start < batch.numRows; start += ROW_GROUP_ROWS)
      slices.push(batch.slice(start, Math.min(batch.numRows, start + ROW_GROUP_ROWS)));
    return slices;
  });
  for (const batch of pieces) {
    if (batch.numRows === 0) continue;
    if (current.length > 0 && rows + batch.numRows > ROW_GROUP_ROWS) {
      groups.push(current);
      current = [];
      rows = 0;
    }
    current.push(batch);
    rows += batch.numRows;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Page buffers (about a megabyte each once grown). A caller that writes many files passes one to
 * every `toParquet`, so they are allocated once: fresh ones per file were a tenth of the ingest's
 * garbage collections.
 */
export class ParquetScratch {
  readonly values = new ByteSink();
  readonly body = new ByteSink();
}

const MAGIC = new TextEncoder().encode('PAR1');

/** Serialises `batches` (all with `schema`) into one Parquet file. */
export function toParquet(
  schema: arrow.Schema,
  batches: arrow.RecordBatch[],
  layout: ParquetLayout = {},
  scratch = new ParquetScratch(),
): Uint8Array {
  const plans = schema.fields.map((field) => planColumn(field, layout));
  const { values, body } = scratch;
  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  let totalRows = 0;
  const groups = rowGroups(batches).map((group) => {
    const groupStart = offset;
    let groupRows = 0;
    for (const batch of group) groupRows += batch.numRows;
    const columns = plans.map((plan, c) => {
      const chunk = encodeColumnChunk(
        plan,
        group.map((batch) => batch.data.children[c] as arrow.Data),
        values,
        body,
      );
      const start = offset;
      parts.push(...chunk.parts);
      offset += chunk.compressedBytes;
      return { plan, chunk, start };
    });
    totalRows += groupRows;
    return { columns, rows: groupRows, start: groupStart, compressedBytes: offset - groupStart };
  });

  const footer = new CompactWriter()
    .i32(1, 1)
    .list(2, ListOf.struct, [undefined, ...plans], (w, plan) =>
      w.structValue((e) => {
        if (!plan) {
          e.binary(4, 'schema').i32(5, plans.length);
          return;
        }
        e.i32(1, plan.physical);
        if (plan.typeLength !== undefined) e.i32(2, plan.typeLength);
        e.i32(3, plan.nullable ? OPTIONAL : REQUIRED).binary(4, plan.name);
        plan.annotate(e);
      }),
    )
    .i64(3, totalRows)
    .list(4, ListOf.struct, groups, (w, group) =>
      w.structValue((g) =>
        g
          .list(1, ListOf.struct, group.columns, (cw, { plan, chunk, start }) =>
            cw.structValue((cc) =>
              cc.i64(2, start).struct(3, (m) => {
                m.i32(1, plan.physical)
                  .list(2, ListOf.i32, chunk.encodings, (lw, encoding) => lw.i32Value(encoding))
                  .list(3, ListOf.binary, [plan.name], (lw, name) => lw.binaryValue(name))
                  .i32(4, CODEC_ZSTD)
                  .i64(5, chunk.rows)
                  .i64(6, chunk.uncompressedBytes)
                  .i64(7, chunk.compressedBytes)
                  .i64(9, start + chunk.dictionaryPageBytes);
                if (chunk.dictionaryPageBytes > 0) m.i64(11, start);
                m.struct(12, (s) => {
                  const { min, max, nullCount } = chunk.statistics;
                  // The deprecated min/max (signed order) only where it equals the type's order.
                  const legacy = min && max && plan.layout === WORDS;
                  if (legacy) s.binary(1, max).binary(2, min);
                  s.i64(3, nullCount);
                  if (min && max) s.binary(5, max).binary(6, min);
                });
              }),
            ),
          )
          .i64(
            2,
            group.columns.reduce((sum, c) => sum + c.chunk.uncompressedBytes, 0),
          )
          .i64(3, group.rows)
          .i64(5, group.start)
          .i64(6, group.compressedBytes),
      ),
    )
    .list(5, ListOf.struct, [...schema.metadata], (w, [key, value]) =>
      w.structValue((kv) => kv.binary(1, key).binary(2, value)),
    )
    .binary(6, CREATED_BY)
    // ColumnOrder.TYPE_ORDER for every column: min/max follow the logical type's order.
    .list(7, ListOf.struct, plans, (w) => w.structValue((o) => o.struct(1, () => {})))
    .finish();

  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  parts.push(footer, tail);
  const file = new Uint8Array(offset + footer.length + tail.length);
  let at = 0;
  for (const part of parts) {
    file.set(part, at);
    at += part.length;
  }
  return file;
}
