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

export function arrowType(spec: ColumnSpec): arrow.DataType {
  switch (spec.kind) {
    case 'string':
    case 'enum':
      return new arrow.Utf8();
    case 'integer':
      return new arrow.Int64();
    case 'decimal':
      return new arrow.Decimal(spec.scale, spec.precision, 128);
    case 'boolean':
      return new arrow.Bool();
    case 'date':
      return new arrow.DateDay();
    case 'timestamp':
      return new arrow.TimestampMicrosecond('UTC');
  }
}

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

interface ColumnBuffer {
  push(value: unknown): void;
  finish(): arrow.Data;
}

class Validity {
  bits: Uint8Array;
  nulls = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array(Math.ceil(capacity / 8));
  }
  set(i: number, valid: boolean): void {
    if (valid) this.bits[i >> 3] = (this.bits[i >> 3] as number) | (1 << (i & 7));
    else this.nulls++;
  }
}

const TWO_POW_32 = 2 ** 32;

/**
 * The first `length` elements, copied when they fill less than the buffer: a subarray would keep
 * the whole over-allocated buffer alive for as long as the finished batch lives.
 */
function compact<T extends Uint8Array | Int32Array | Uint32Array | BigInt64Array>(array: T, length: number): T {
  return (length === array.length ? array : array.slice(0, length)) as T;
}

/**
 * Fixed-width columns as 32-bit little-endian words, `stride` per value: 1 for DateDay (Int32),
 * 2 for Int64 and timestamps, 4 for Decimal128 (the unscaled value in the low 64 bits, the sign in
 * the high 64). One code path and one typed-array type for all three keeps this hot loop
 * monomorphic; values are safe integers (|v| < 2^53), so no BigInt is needed: floor division by
 * 2^32 gives the two's-complement high word, and a negative Int32 stored in a Uint32 word keeps
 * its bits.
 */
function fixedWidth(type: arrow.DataType, capacity: number, stride: 1 | 2 | 4): ColumnBuffer {
  const validity = new Validity(capacity);
  const words = new Uint32Array(capacity * stride);
  let length = 0;
  return {
    push(value) {
      if (value === null || value === undefined) {
        validity.nulls++;
      } else {
        const v = value as number;
        validity.bits[length >> 3] = (validity.bits[length >> 3] as number) | (1 << (length & 7));
        if (stride === 1) {
          words[length] = v;
        } else {
          const at = length * stride;
          const high = Math.floor(v / TWO_POW_32);
          words[at] = v - high * TWO_POW_32;
          words[at + 1] = high >>> 0;
          if (stride === 4) {
            const sign = v < 0 ? 0xffffffff : 0;
            words[at + 2] = sign;
            words[at + 3] = sign;
          }
        }
      }
      length++;
    },
    finish() {
      return arrow.makeData({
        type,
        length,
        data: compact(words, length * stride) as never,
        nullCount: validity.nulls,
        nullBitmap: validity.nulls > 0 ? validity.bits : undefined,
      } as never);
    },
  };
}

/**
 * Writes `text` as UTF-8 at `offset`; returns the new end. Short ASCII strings (ids, codes, enum
 * values — most of a feed) are copied code by code: cheaper than `encodeInto` on a fresh subarray,
 * which allocates an object per value.
 */
function writeUtf8(
  encoder: { encodeInto(text: string, into: Uint8Array): { written: number } },
  text: string,
  bytes: Uint8Array,
  offset: number,
): number {
  const n = text.length;
  if (n <= 64) {
    let i = 0;
    for (; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) break;
      bytes[offset + i] = code;
    }
    if (i === n) return offset + n;
  }
  return offset + encoder.encodeInto(text, bytes.subarray(offset)).written;
}

function utf8Column(capacity: number): ColumnBuffer {
  const encoder = new TextEncoder();
  const validity = new Validity(capacity);
  const offsets = new Int32Array(capacity + 1);
  // Starts small and doubles: a generous fixed guess per column, times many partitions, was most of
  // the ingest's resident memory when measured.
  let bytes = new Uint8Array(capacity * 4);
  let used = 0;
  let length = 0;
  return {
    push(value) {
      const valid = value !== null && value !== undefined;
      validity.set(length, valid);
      if (valid) {
        const text = value as string;
        // UTF-8 needs at most 3 bytes per UTF-16 code unit.
        if (used + text.length * 3 > bytes.length) {
          const grown = new Uint8Array(Math.max(bytes.length * 2, used + text.length * 3));
          grown.set(bytes.subarray(0, used));
          bytes = grown;
        }
        used = writeUtf8(encoder, text, bytes, used);
      }
      length++;
      offsets[length] = used;
    },
    finish() {
      return arrow.makeData({
        type: new arrow.Utf8(),
        length,
        valueOffsets: compact(offsets, length + 1),
        data: compact(bytes, used),
        nullCount: validity.nulls,
        nullBitmap: validity.nulls > 0 ? validity.bits : undefined,
      });
    },
  };
}

function boolColumn(capacity: number): ColumnBuffer {
  const validity = new Validity(capacity);
  const values = new Uint8Array(Math.ceil(capacity / 8));
  let length = 0;
  return {
    push(value) {
      const valid = value !== null && value !== undefined;
      validity.set(length, valid);
      if (value === true) values[length >> 3] = (values[length >> 3] as number) | (1 << (length & 7));
      length++;
    },
    finish() {
      return arrow.makeData({
        type: new arrow.Bool(),
        length,
        data: values,
        nullCount: validity.nulls,
        nullBitmap: validity.nulls > 0 ? validity.bits : undefined,
      });
    },
  };
}

function columnBuffer(spec: ColumnSpec, capacity: number): ColumnBuffer {
  switch (spec.kind) {
    case 'string':
    case 'enum':
      return utf8Column(capacity);
    case 'boolean':
      return boolColumn(capacity);
    case 'date':
      return fixedWidth(arrowType(spec), capacity, 1);
    case 'integer':
    case 'timestamp':
      return fixedWidth(arrowType(spec), capacity, 2);
    case 'decimal':
      return fixedWidth(arrowType(spec), capacity, 4);
  }
}

const FIRST_BATCH_ROWS = 256;

/**
 * Accumulates rows for one output file and cuts them into record batches of at most `batchRows`.
 * The first batch is small and each next one twice as large, so a file spread over many
 * partitions does not pre-allocate `batchRows` slots in every one of them.
 */
export class BatchBuilder {
  private buffers: ColumnBuffer[] = [];
  private length = 0;
  private capacity = 0;
  private readonly names: string[];

  constructor(
    private readonly columns: [string, ColumnSpec][],
    readonly schema: arrow.Schema,
    private readonly batchRows = 65_536,
  ) {
    this.names = columns.map(([name]) => name);
    this.reset();
  }

  static forContract(contract: FeedContract, batchRows?: number): BatchBuilder {
    return new BatchBuilder(rawColumns(contract), arrowSchema(contract), batchRows);
  }

  /** Row slots allocated for the batch being built (memory accounting for callers). */
  get capacityRows(): number {
    return this.capacity;
  }

  /** Drops to the small first-batch allocation again; call when empty, after a flush. */
  shrink(): void {
    if (this.length > 0) throw new Error('shrink() with rows pending; flush first');
    this.capacity = 0;
    this.reset();
  }

  private reset(): void {
    this.capacity = Math.min(this.batchRows, this.capacity === 0 ? FIRST_BATCH_ROWS : this.capacity * 2);
    const capacity = this.capacity;
    this.buffers = this.columns.map(([, spec]) => columnBuffer(spec, capacity));
    this.length = 0;
  }

  get pending(): number {
    return this.length;
  }

  /** Appends a row; returns a finished batch when the current one is full. */
  push(row: Row): arrow.RecordBatch | undefined {
    const names = this.names;
    const buffers = this.buffers;
    for (let c = 0; c < names.length; c++) (buffers[c] as ColumnBuffer).push(row[names[c] as string]);
    this.length++;
    return this.length === this.capacity ? this.flush() : undefined;
  }

  /** The rows pushed since the last batch, as a batch (undefined when there are none). */
  flush(): arrow.RecordBatch | undefined {
    if (this.length === 0) return undefined;
    const children = this.buffers.map((b) => b.finish());
    const batch = new arrow.RecordBatch(
      this.schema,
      arrow.makeData({ type: new arrow.Struct(this.schema.fields), length: this.length, children }),
    );
    this.reset();
    return batch;
  }
}
