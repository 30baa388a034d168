/** DuckDB's values and types mapped onto the engine-neutral `ColumnKind` / `Cell` (exactly). */
import {
  DuckDBDecimalType,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Cell, ColumnKind, ResultColumn } from './engine.js';

const KIND_BY_TYPE_ID: Partial<Record<DuckDBTypeId, ColumnKind>> = {
  [DuckDBTypeId.BOOLEAN]: 'boolean',
  [DuckDBTypeId.TINYINT]: 'integer',
  [DuckDBTypeId.SMALLINT]: 'integer',
  [DuckDBTypeId.INTEGER]: 'integer',
  [DuckDBTypeId.UTINYINT]: 'integer',
  [DuckDBTypeId.USMALLINT]: 'integer',
  [DuckDBTypeId.UINTEGER]: 'integer',
  [DuckDBTypeId.BIGINT]: 'bigint',
  [DuckDBTypeId.UBIGINT]: 'bigint',
  [DuckDBTypeId.HUGEINT]: 'bigint',
  [DuckDBTypeId.UHUGEINT]: 'bigint',
  [DuckDBTypeId.FLOAT]: 'float',
  [DuckDBTypeId.DOUBLE]: 'float',
  [DuckDBTypeId.DECIMAL]: 'decimal',
  [DuckDBTypeId.VARCHAR]: 'text',
  [DuckDBTypeId.ENUM]: 'text',
  [DuckDBTypeId.UUID]: 'text',
  [DuckDBTypeId.DATE]: 'date',
  [DuckDBTypeId.TIMESTAMP]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_MS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_S]: 'timestamp',
};

export function duckdbColumn(name: string, type: DuckDBType): ResultColumn {
  const kind = KIND_BY_TYPE_ID[type.typeId] ?? 'other';
  return {
    name,
    kind,
    sqlType: type.toString(),
    ...(type instanceof DuckDBDecimalType ? { scale: type.scale } : {}),
  };
}

const MICROS_PER_MILLI = 1000n;

/** An instant in microseconds since the epoch as ISO 8601 UTC, keeping sub-millisecond digits. */
export function isoFromMicros(micros: bigint): string {
  const millis = micros / MICROS_PER_MILLI - (micros % MICROS_PER_MILLI < 0n ? 1n : 0n);
  const rest = micros - millis * MICROS_PER_MILLI;
  const iso = new Date(Number(millis)).toISOString();
  return rest === 0n ? iso : `${iso.slice(0, -1)}${rest.toString().padStart(3, '0')}Z`;
}

function instantMicros(value: DuckDBValue): bigint | undefined {
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return value.micros;
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.millis * MICROS_PER_MILLI;
  if (value instanceof DuckDBTimestampSecondsValue) return value.seconds * 1_000_000n;
  return undefined;
}

/** Converts one DuckDB value of a column of `kind` into its `Cell`, losing nothing. */
export function duckdbCell(value: DuckDBValue, kind: ColumnKind): Cell {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'float':
      return Number(value);
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(String(value));
    case 'timestamp': {
      const micros = instantMicros(value);
      return micros === undefined ? String(value) : isoFromMicros(micros);
    }
    default:
      // decimal, text, date (`YYYY-MM-DD`) and everything else: the engine's exact text.
      return typeof value === 'string' ? value : String(value);
  }
}
