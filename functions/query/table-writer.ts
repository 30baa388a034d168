/**
 * A result as a terminal table: the first `maxRows` rows with bounded column widths, numbers
 * right-aligned, NULL visible, then a footer with the full count ("641,905 rows, 40 shown").
 * Only the rows shown are held; the rest are counted as they stream past, so a result of any size
 * prints in bounded memory. Hand-written rather than a table library because the ones that fit
 * (cli-table3, table) take every row up front, and the layout needs nothing they add.
 */
import { cellText, isNumericKind } from './cell-text.js';
import type { QueryResult } from './engine.js';
import type { TextSink } from './text-sink.js';

export const DEFAULT_TABLE_ROWS = 40;
export const DEFAULT_COLUMN_WIDTH = 40;
export const NULL_TEXT = 'NULL';
const ELLIPSIS = '…';
const COLUMN_GAP = '  ';

export interface TableOptions {
  readonly maxRows?: number;
  readonly maxColumnWidth?: number;
}

export interface TableSummary {
  readonly rows: number;
  readonly shown: number;
}

/** Control characters shown as escapes so one cell is one line. */
function visible(text: string): string {
  return text.replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t');
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}${ELLIPSIS}`;
}

const displayLength = (text: string) => [...text].length;

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayLength(text)));
  return right ? fill + text : text + fill;
}

/** "1 row", "641,905 rows, 40 shown". */
export function rowCountLine(rows: number, shown: number): string {
  const count = `${rows.toLocaleString('en')} ${rows === 1 ? 'row' : 'rows'}`;
  return shown < rows ? `${count}, ${shown.toLocaleString('en')} shown` : count;
}

export async function writeTable(
  result: QueryResult,
  sink: TextSink,
  options: TableOptions = {},
): Promise<TableSummary> {
  const maxRows = options.maxRows ?? DEFAULT_TABLE_ROWS;
  const maxWidth = Math.max(2, options.maxColumnWidth ?? DEFAULT_COLUMN_WIDTH);
  const { columns } = result;
  const shown: string[][] = [];
  let rows = 0;
  for await (const batch of result.batches) {
    for (const row of batch) {
      if (shown.length < maxRows) shown.push(row.map((cell) => clip(visible(cellText(cell, NULL_TEXT)), maxWidth)));
      rows++;
    }
  }
  const headers = columns.map((c) => clip(visible(c.name), maxWidth));
  const widths = headers.map((h) => displayLength(h));
  for (const row of shown) {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, displayLength(row[i] ?? ''));
  }
  const right = columns.map((c) => isNumericKind(c.kind));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0, right[i] ?? false))
      .join(COLUMN_GAP)
      .trimEnd();
  const lines = [line(headers), widths.map((w) => '─'.repeat(w)).join(COLUMN_GAP), ...shown.map(line)];
  await sink.write(`${lines.join('\n')}\n${rowCountLine(rows, shown.length)}\n`);
  return { rows, shown: shown.length };
}
