/**
 * Schema mapping: each Arrow field of a batch → how its column is written (physical type, logical
 * annotation, value layout). The contract-level mapping (column kind → Arrow → Parquet → Glue → dbt)
 * lives in schemas/physical-types.ts; this is the Arrow → Parquet step of it, and
 * test/ingest/physical-types.test.ts reads written files back to prove the two agree.
 */
import * as arrow from 'apache-arrow';
import { ConvertedType, LogicalType, PhysicalType, TimeUnit } from './format.js';
import type { CompactWriter } from './thrift-compact.js';

export interface ParquetLayout {
  /** Categorical columns, written with a dictionary. */
  readonly dictionary?: readonly string[];
  /** Columns written without min/max statistics. */
  readonly withoutStatistics?: readonly string[];
}

/**
 * How a column's Arrow values sit in memory, and so how they are encoded. Numbers, so the hot
 * loops compare small integers; named here only (the batch builder and the byte decoder have
 * layouts of their own, which mean other things).
 */
export const ValueLayout = {
  /** UTF-8 bytes with Arrow offsets. */
  text: 0,
  /** Little-endian 32-bit words, `stride` per value: int32/date (1) and int64/timestamp (2). */
  words: 1,
  /** Arrow Decimal128 (4 words per value), written big-endian in `typeLength` bytes. */
  decimal: 2,
  /** Arrow's validity-style bitmap of booleans. */
  bits: 3,
} as const;
export type ValueLayout = (typeof ValueLayout)[keyof typeof ValueLayout];

export interface ColumnPlan {
  readonly name: string;
  readonly layout: ValueLayout;
  readonly physical: PhysicalType;
  readonly nullable: boolean;
  /** Words per value (ValueLayout.words, ValueLayout.decimal). */
  readonly stride: number;
  /** Bytes per PLAIN value of a fixed-width column. */
  readonly width: number;
  /** PhysicalType.FIXED_LEN_BYTE_ARRAY length. */
  readonly typeLength?: number;
  readonly categorical: boolean;
  readonly statistics: boolean;
  /** Writes converted_type, scale, precision and logicalType into a SchemaElement. */
  readonly annotate: (w: CompactWriter) => void;
}

/** Bytes of the smallest two's-complement integer holding every `precision`-digit value. */
export function decimalBytes(precision: number): number {
  const max = 10n ** BigInt(precision);
  let bytes = 1;
  while (1n << BigInt(8 * bytes - 1) < max) bytes++;
  return bytes;
}

export function planColumn(field: arrow.Field, layout: ParquetLayout): ColumnPlan {
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
      layout: ValueLayout.text,
      physical: PhysicalType.BYTE_ARRAY,
      stride: 0,
      width: 0,
      annotate: (w) => w.i32(6, ConvertedType.UTF8).struct(10, (l) => l.struct(LogicalType.STRING, () => {})),
    };
  }
  if (arrow.DataType.isInt(type) && type.bitWidth === 64 && type.isSigned) {
    return {
      ...common,
      layout: ValueLayout.words,
      physical: PhysicalType.INT64,
      stride: 2,
      width: 8,
      annotate: () => {},
    };
  }
  if (arrow.DataType.isTimestamp(type) && type.unit === arrow.TimeUnit.MICROSECOND) {
    const utc = type.timezone !== null && type.timezone !== undefined;
    return {
      ...common,
      layout: ValueLayout.words,
      physical: PhysicalType.INT64,
      stride: 2,
      width: 8,
      annotate: (w) =>
        w
          .i32(6, ConvertedType.TIMESTAMP_MICROS)
          .struct(10, (l) =>
            l.struct(LogicalType.TIMESTAMP, (t) =>
              t.bool(1, utc).struct(2, (u) => u.struct(TimeUnit.MICROS, () => {})),
            ),
          ),
    };
  }
  if (arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY) {
    return {
      ...common,
      layout: ValueLayout.words,
      physical: PhysicalType.INT32,
      stride: 1,
      width: 4,
      annotate: (w) => w.i32(6, ConvertedType.DATE).struct(10, (l) => l.struct(LogicalType.DATE, () => {})),
    };
  }
  if (arrow.DataType.isDecimal(type) && type.bitWidth === 128) {
    const { scale, precision } = type;
    const typeLength = decimalBytes(precision);
    return {
      ...common,
      layout: ValueLayout.decimal,
      physical: PhysicalType.FIXED_LEN_BYTE_ARRAY,
      stride: 4,
      width: typeLength,
      typeLength,
      annotate: (w) =>
        w
          .i32(6, ConvertedType.DECIMAL)
          .i32(7, scale)
          .i32(8, precision)
          .struct(10, (l) => l.struct(LogicalType.DECIMAL, (d) => d.i32(1, scale).i32(2, precision))),
    };
  }
  if (arrow.DataType.isBool(type)) {
    return {
      ...common,
      layout: ValueLayout.bits,
      physical: PhysicalType.BOOLEAN,
      stride: 0,
      width: 0,
      statistics: false,
      annotate: () => {},
    };
  }
  throw new Error(`parquet: column ${field.name} has Arrow type ${type}, which this writer does not encode`);
}
