/**
 * The numeric codes of parquet-format's parquet.thrift that this writer uses, by their thrift
 * names, so a value read in the code is the value in the spec (and no code is reused with another
 * meaning).
 */

/** `enum Type`: the physical type of a column's values. */
export const PhysicalType = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  BYTE_ARRAY: 6,
  FIXED_LEN_BYTE_ARRAY: 7,
} as const;
export type PhysicalType = (typeof PhysicalType)[keyof typeof PhysicalType];

/** `enum FieldRepetitionType`. */
export const Repetition = { REQUIRED: 0, OPTIONAL: 1 } as const;

/** `enum Encoding`. */
export const Encoding = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const;

/** `enum CompressionCodec`. */
export const CompressionCodec = { ZSTD: 6 } as const;

/** `enum PageType`. */
export const PageType = { DATA_PAGE: 0, DICTIONARY_PAGE: 2 } as const;

/** `enum ConvertedType` (the legacy annotation older readers still look at). */
export const ConvertedType = { UTF8: 0, DECIMAL: 5, DATE: 6, TIMESTAMP_MICROS: 10 } as const;

/** `union LogicalType`: the field id of each member. */
export const LogicalType = { STRING: 1, DECIMAL: 5, DATE: 6, TIMESTAMP: 8 } as const;

/** `union TimeUnit`: the field id of each member. */
export const TimeUnit = { MICROS: 2 } as const;

/** The four bytes that open and close every Parquet file. */
export const MAGIC = new TextEncoder().encode('PAR1');
