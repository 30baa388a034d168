/**
 * The physical type of every contract column kind, in one table: the Arrow type the ingest builds
 * batches of, the Parquet column the writer makes of it, the Glue (Hive) type Athena reads that
 * column as, the DuckDB type dbt-duckdb's models see, and the name the data dictionary gives it.
 *
 * The columns of a row must agree: a Glue type that disagrees with the Parquet file fails only in
 * AWS, as HIVE_BAD_DATA at query time, and a decimal's precision and scale must be the same in all
 * of them. Keeping them side by side is what keeps them in step; the table is a `Record` over
 * `ColumnKind`, so a new kind does not compile until every column is filled in.
 * test/schemas/physical-types.test.ts walks the rows; test/ingest/physical-types.test.ts reads
 * written files back to check the Parquet and DuckDB columns against what readers see.
 *
 * Parquet types are given by parquet.thrift's names; the writer (functions/core/parquet/) turns
 * them into codes and sees only Arrow types, so each row also says which Arrow types are its own.
 */
import * as arrow from 'apache-arrow';
import type { ColumnKind, ColumnSpec } from './contract.js';

/** parquet.thrift `enum Type`, the members the lake uses. */
export type ParquetPhysicalType = 'BOOLEAN' | 'INT32' | 'INT64' | 'BYTE_ARRAY' | 'FIXED_LEN_BYTE_ARRAY';

/** parquet.thrift `union LogicalType`, the members the lake uses. */
export type ParquetLogicalType =
  | { readonly type: 'STRING' }
  | { readonly type: 'DATE' }
  | { readonly type: 'TIMESTAMP'; readonly unit: 'MICROS'; readonly isAdjustedToUTC: boolean }
  | { readonly type: 'DECIMAL'; readonly precision: number; readonly scale: number };

export interface ParquetType {
  readonly physical: ParquetPhysicalType;
  /** The byte length of a FIXED_LEN_BYTE_ARRAY value. */
  readonly typeLength?: number;
  /** None for plain integers and booleans, which their physical type says all about. */
  readonly logical?: ParquetLogicalType;
}

/**
 * One row of the table. Methods rather than function-valued properties, so that a row typed for
 * its own kind is also a row for any spec (`typesOf`); the table's `satisfies` keeps each row to
 * its kind.
 */
export interface KindTypes<S extends ColumnSpec = ColumnSpec, A extends arrow.DataType = arrow.DataType> {
  /** The Arrow type of the column in the ingest's record batches. */
  arrow(spec: S): A;
  /** Whether a batch column of Arrow type `type` is written as this kind. */
  isArrow(type: arrow.DataType): type is A;
  /** The Parquet column written from this kind's Arrow type (parameters from the Arrow type). */
  parquet(type: A): ParquetType;
  /** The Glue (Hive) type of the raw table's column: what Athena reads the Parquet column as. */
  glue(spec: S): string;
  /** What DuckDB reads the Parquet column as, and so the type dbt-duckdb's models see. */
  duckdb(spec: S): string;
  /** The type as the data dictionary and contract-change messages name it. */
  label(spec: S): string;
}

type SpecOf<K extends ColumnKind> = Extract<ColumnSpec, { kind: K }>;

/** Bytes of the smallest two's-complement integer holding every `precision`-digit value. */
export function decimalBytes(precision: number): number {
  const max = 10n ** BigInt(precision);
  let bytes = 1;
  while (1n << BigInt(8 * bytes - 1) < max) bytes++;
  return bytes;
}

const text: KindTypes<SpecOf<'string' | 'enum'>, arrow.Utf8> = {
  arrow: () => new arrow.Utf8(),
  isArrow: (type): type is arrow.Utf8 => arrow.DataType.isUtf8(type),
  parquet: () => ({ physical: 'BYTE_ARRAY', logical: { type: 'STRING' } }),
  glue: () => 'string',
  duckdb: () => 'varchar',
  label: (spec) => spec.kind,
};

export const PHYSICAL_TYPES = {
  string: text,
  // Written as the text it is: a dictionary-encoded string, not a Parquet or Hive enum.
  enum: text,
  integer: {
    arrow: () => new arrow.Int64(),
    isArrow: (type): type is arrow.Int64 => arrow.DataType.isInt(type) && type.bitWidth === 64 && type.isSigned,
    parquet: () => ({ physical: 'INT64' }),
    // `int` would fail to read values over 2^31.
    glue: () => 'bigint',
    duckdb: () => 'bigint',
    label: () => 'integer',
  },
  decimal: {
    arrow: (spec) => new arrow.Decimal(spec.scale, spec.precision, 128),
    isArrow: (type): type is arrow.Decimal => arrow.DataType.isDecimal(type) && type.bitWidth === 128,
    // Fixed-length big-endian two's complement, as arrow-rs and Spark write it.
    parquet: ({ precision, scale }: arrow.Decimal) => ({
      physical: 'FIXED_LEN_BYTE_ARRAY',
      typeLength: decimalBytes(precision),
      logical: { type: 'DECIMAL', precision, scale },
    }),
    glue: (spec) => `decimal(${spec.precision},${spec.scale})`,
    duckdb: (spec) => `decimal(${spec.precision},${spec.scale})`,
    label: (spec) => `decimal(${spec.precision},${spec.scale})`,
  },
  boolean: {
    arrow: () => new arrow.Bool(),
    isArrow: (type): type is arrow.Bool => arrow.DataType.isBool(type),
    parquet: () => ({ physical: 'BOOLEAN' }),
    glue: () => 'boolean',
    duckdb: () => 'boolean',
    label: () => 'boolean',
  },
  date: {
    arrow: () => new arrow.DateDay(),
    isArrow: (type): type is arrow.DateDay => arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY,
    parquet: () => ({ physical: 'INT32', logical: { type: 'DATE' } }),
    glue: () => 'date',
    duckdb: () => 'date',
    label: () => 'date',
  },
  timestamp: {
    // An instant: microseconds since the epoch, UTC (zone-less times are resolved at ingest).
    arrow: () => new arrow.TimestampMicrosecond('UTC'),
    isArrow: (type): type is arrow.TimestampMicrosecond =>
      arrow.DataType.isTimestamp(type) && type.unit === arrow.TimeUnit.MICROSECOND,
    parquet: (type: arrow.TimestampMicrosecond) => ({
      physical: 'INT64',
      logical: {
        type: 'TIMESTAMP',
        unit: 'MICROS',
        isAdjustedToUTC: type.timezone !== null && type.timezone !== undefined,
      },
    }),
    glue: () => 'timestamp',
    duckdb: () => 'timestamp with time zone',
    label: () => 'timestamp (UTC, µs)',
  },
} as const satisfies { readonly [K in ColumnKind]: KindTypes<SpecOf<K>, arrow.DataType> };

/** The row of a spec's kind, typed for any spec (see KindTypes). */
export const typesOf = (spec: ColumnSpec): KindTypes => PHYSICAL_TYPES[spec.kind];

export const arrowType = (spec: ColumnSpec): arrow.DataType => typesOf(spec).arrow(spec);
export const parquetType = (spec: ColumnSpec): ParquetType => {
  const types = typesOf(spec);
  return types.parquet(types.arrow(spec));
};
export const glueType = (spec: ColumnSpec): string => typesOf(spec).glue(spec);
export const duckdbType = (spec: ColumnSpec): string => typesOf(spec).duckdb(spec);
export const typeLabel = (spec: ColumnSpec): string => typesOf(spec).label(spec);

/**
 * The Parquet column of a batch column of Arrow type `type`: the first kind whose Arrow type it is
 * (string and enum share theirs); undefined for an Arrow type of no kind. A µs timestamp without
 * a zone, which no contract makes, is still written, as a local time (isAdjustedToUTC false).
 */
export function parquetTypeOfArrow(type: arrow.DataType): ParquetType | undefined {
  const rows: readonly KindTypes[] = Object.values(PHYSICAL_TYPES);
  const row = rows.find((r) => r.isArrow(type));
  return row?.parquet(type);
}
