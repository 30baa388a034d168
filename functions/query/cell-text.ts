/** The plain text of a `Cell`, shared by the table and CSV writers (JSON has its own exact rules). */
import type { Cell, ColumnKind } from './engine.js';

const NUMERIC_KINDS: ReadonlySet<ColumnKind> = new Set(['integer', 'bigint', 'float', 'decimal']);

/** Numbers are right-aligned in tables and never formula-neutralised in CSV. */
export function isNumericKind(kind: ColumnKind): boolean {
  return NUMERIC_KINDS.has(kind);
}

/** `null` becomes `nullText`; everything else its exact text (bigint digits, decimal text, ISO dates). */
export function cellText(cell: Cell, nullText: string): string {
  if (cell === null) return nullText;
  return typeof cell === 'string' ? cell : String(cell);
}
