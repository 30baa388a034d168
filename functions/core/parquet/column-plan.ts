/**
 * Schema mapping: each Arrow field of a batch → how its column is written (physical type, logical
 * annotation, value layout). Which Parquet type an Arrow type becomes is a row of
 * schemas/physical-types.ts (column kind → Arrow → Parquet → Glue → DuckDB); this file only says how
 * the values of each physical type are laid out and annotated. test/ingest/physical-types.test.ts
 * reads written files back to prove the two agree.
 */
import type * as arrow from 'apache-arrow';
import {
  type ParquetLogicalType,
  type ParquetPhysicalType,
  parquetTypeOfArrow,
} from '../../../schemas/physical-types.js';
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

/** How each physical type's values sit in Arrow's buffers (stride in 32-bit words, PLAIN width in bytes). */
const STORAGE: Readonly<
  Record<ParquetPhysicalType, { readonly layout: ValueLayout; readonly stride: number; readonly width: number }>
> = {
  BYTE_ARRAY: { layout: ValueLayout.text, stride: 0, width: 0 },
  INT32: { layout: ValueLayout.words, stride: 1, width: 4 },
  INT64: { layout: ValueLayout.words, stride: 2, width: 8 },
  // Arrow Decimal128: four words per value, written in the type's own (shorter) length.
  FIXED_LEN_BYTE_ARRAY: { layout: ValueLayout.decimal, stride: 4, width: 0 },
  BOOLEAN: { layout: ValueLayout.bits, stride: 0, width: 0 },
};

/** The converted_type, scale, precision and logicalType fields of a SchemaElement. */
function annotation(logical: ParquetLogicalType | undefined): (w: CompactWriter) => void {
  switch (logical?.type) {
    case undefined:
      return () => {};
    case 'STRING':
      return (w) => w.i32(6, ConvertedType.UTF8).struct(10, (l) => l.struct(LogicalType.STRING, () => {}));
    case 'DATE':
      return (w) => w.i32(6, ConvertedType.DATE).struct(10, (l) => l.struct(LogicalType.DATE, () => {}));
    case 'TIMESTAMP': {
      const utc = logical.isAdjustedToUTC;
      return (w) =>
        w
          .i32(6, ConvertedType.TIMESTAMP_MICROS)
          .struct(10, (l) =>
            l.struct(LogicalType.TIMESTAMP, (t) =>
              t.bool(1, utc).struct(2, (u) => u.struct(TimeUnit.MICROS, () => {})),
            ),
          );
    }
    case 'DECIMAL': {
      const { scale, precision } = logical;
      return (w) =>
        w
          .i32(6, ConvertedType.DECIMAL)
          .i32(7, scale)
          .i32(8, precision)
          .struct(10, (l) => l.struct(LogicalType.DECIMAL, (d) => d.i32(1, scale).i32(2, precision)));
    }
  }
}

/** The plan of one batch column; its Parquet type is its kind's, from schemas/physical-types.ts. */
export function planColumn(field: arrow.Field, layout: ParquetLayout): ColumnPlan {
  const type = parquetTypeOfArrow(field.type);
  if (type === undefined) {
    throw new Error(`parquet: column ${field.name} has Arrow type ${field.type}, which this writer does not encode`);
  }
  const storage = STORAGE[type.physical];
  return {
    name: field.name,
    nullable: field.nullable,
    categorical: layout.dictionary?.includes(field.name) ?? false,
    // Boolean min/max would prune nothing.
    statistics: type.physical !== 'BOOLEAN' && !(layout.withoutStatistics?.includes(field.name) ?? false),
    layout: storage.layout,
    physical: PhysicalType[type.physical],
    stride: storage.stride,
    width: type.typeLength ?? storage.width,
    ...(type.typeLength === undefined ? {} : { typeLength: type.typeLength }),
    annotate: annotation(type.logical),
  };
}
