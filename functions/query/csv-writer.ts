/**
 * A result as CSV per RFC 4180: CRLF between records, a header record, fields quoted when they
 * hold a comma, a quote, CR or LF, quotes doubled. NULL is an empty field.
 *
 * `spreadsheetSafe` is for files meant for Excel or Sheets: a text cell starting with `=`, `+`,
 * `-`, `@`, tab or CR would be executed as a formula (CSV injection), so it gets a leading `'`
 * (OWASP's advice), which spreadsheets show as plain text; numeric columns are left alone, so
 * `-3` stays a number. The file then also starts with a UTF-8 byte-order mark, without which Excel
 * reads UTF-8 as the local code page.
 */
import { cellText, isNumericKind } from './cell-text.js';
import type { Cell, QueryResult } from './engine.js';
import type { TextSink } from './text-sink.js';

export interface CsvOptions {
  readonly spreadsheetSafe?: boolean;
  /** Write the header record (default true). */
  readonly header?: boolean;
}

const RECORD_END = '\r\n';
const UTF8_BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The text a spreadsheet shows as-is instead of evaluating. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export async function writeCsv(result: QueryResult, sink: TextSink, options: CsvOptions = {}): Promise<number> {
  const safe = options.spreadsheetSafe ?? false;
  const numeric = result.columns.map((c) => isNumericKind(c.kind));
  const field = (cell: Cell, i: number) => {
    const text = cellText(cell, '');
    return csvField(safe && !numeric[i] ? neutraliseFormula(text) : text);
  };
  let head = safe ? UTF8_BOM : '';
  if (options.header ?? true) head += result.columns.map((c, i) => field(c.name, i)).join(',') + RECORD_END;
  await sink.write(head);
  let rows = 0;
  for await (const batch of result.batches) {
    let text = '';
    for (const row of batch) text += row.map(field).join(',') + RECORD_END;
    rows += batch.length;
    await sink.write(text);
  }
  return rows;
}
