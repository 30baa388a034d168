/**
 * Athena's (Trino's) result types and value text mapped onto the engine-neutral `ColumnKind` /
 * `Cell`, exactly. GetQueryResults returns every value as text (`VarCharValue`, absent for NULL),
 * so each is parsed by its column's declared type.
 */
import type { ColumnInfo } from '@aws-sdk/client-athena';
import type { Cell, ColumnKind, ResultColumn } from './engine.js';

const KIND_BY_TYPE: Readonly<Record<string, ColumnKind>> = {
  boolean: 'boolean',
  tinyint: 'integer',
  smallint: 'integer',
  integer: 'integer',
  int: 'integer',
  bigint: 'bigint',
  real: 'float',
  float: 'float',
  double: 'float',
  decimal: 'decimal',
  varchar: 'text',
  char: 'text',
  string: 'text',
  date: 'date',
  timestamp: 'timestamp',
  'timestamp with time zone': 'timestamp',
};

/** `decimal(18,2)` → `decimal`; `timestamp(3) with time zone` → `timestamp with time zone`. */
function baseType(type: string): string {
  return type
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function athenaColumn(info: ColumnInfo): ResultColumn {
  const type = info.Type ?? 'varchar';
  const kind = KIND_BY_TYPE[baseType(type)] ?? 'other';
  const sqlType =
    kind === 'decimal' && info.Precision !== undefined ? `decimal(${info.Precision},${info.Scale ?? 0})` : type;
  return {
    name: info.Name ?? info.Label ?? '',
    kind,
    sqlType,
    ...(kind === 'decimal' ? { scale: info.Scale ?? 0 } : {}),
  };
}

/** `2026-03-09 07:30:00.123` (naive, UTC after staging) or with ` UTC` → ISO 8601 with `Z`. */
const ATHENA_INSTANT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?(?: (UTC|Z|\+00:00))?$/;

export function athenaInstant(text: string): string {
  const match = ATHENA_INSTANT.exec(text);
  if (!match) return text;
  const fraction = (match[3] ?? '.000').padEnd(4, '0');
  return `${match[1]}T${match[2]}${fraction}Z`;
}

export function athenaCell(text: string | undefined, kind: ColumnKind): Cell {
  if (text === undefined) return null;
  switch (kind) {
    case 'boolean':
      return text === 'true';
    case 'integer':
    case 'float':
      return Number(text);
    case 'bigint':
      return BigInt(text);
    case 'timestamp':
      return athenaInstant(text);
    default:
      return text;
  }
}
