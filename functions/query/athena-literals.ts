/**
 * `?` parameter values as Athena execution parameters. Athena substitutes each ExecutionParameter
 * into its placeholder as a SQL literal, so each typed value is rendered as the literal of its type
 * (text quoted with quotes doubled, integers as digits, fractions as DOUBLE literals): the SQL text
 * itself is never built from values.
 */
import type { Param } from './engine.js';

export function athenaLiteral(value: Param): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`parameter ${value} has no Athena literal`);
      return Number.isSafeInteger(value) ? String(value) : `DOUBLE '${value}'`;
    default:
      return `'${value.replaceAll("'", "''")}'`;
  }
}
