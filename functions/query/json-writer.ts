/**
 * A result as JSON (one array of objects) or NDJSON (one object per line), keeping every value
 * exactly:
 * - big integers (`bigint`, 64/128-bit) and decimals are written as JSON number text with every
 *   digit (`170141183460469231731687303715884105727`, `90071992547409.91`). JSON numbers have no
 *   precision limit; a reader that wants them exact must parse with a big-number aware parser
 *   (Python's `json` does by default; JavaScript needs a reviver such as `JSON.parse(text,
 *   (k, v, { source }) => …)`). Writing them as strings would lose that they are numbers.
 * - floats as JavaScript's shortest round-trip text; NaN and ±Infinity, which JSON cannot spell,
 *   as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
 * - dates as `"YYYY-MM-DD"`, instants as ISO 8601 UTC strings, NULL as `null`.
 */
import type { Cell, ColumnKind, QueryResult } from './engine.js';
import type { TextSink } from './text-sink.js';

const EXACT_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function jsonValue(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return 'null';
  switch (typeof cell) {
    case 'boolean':
      return cell ? 'true' : 'false';
    case 'bigint':
      return cell.toString();
    case 'number':
      return Number.isFinite(cell) ? JSON.stringify(cell) : JSON.stringify(String(cell));
    default:
      return kind === 'decimal' && EXACT_DECIMAL.test(cell) ? cell : JSON.stringify(cell);
  }
}

export type JsonLayout = 'json' | 'ndjson';

export async function writeJson(result: QueryResult, sink: TextSink, layout: JsonLayout): Promise<number> {
  const keys = result.columns.map((c) => `${JSON.stringify(c.name)}:`);
  const kinds = result.columns.map((c) => c.kind);
  const object = (row: readonly Cell[]) =>
    `{${row.map((cell, i) => keys[i] + jsonValue(cell, kinds[i] ?? 'other')).join(',')}}`;
  const ndjson = layout === 'ndjson';
  let rows = 0;
  if (!ndjson) await sink.write('[');
  for await (const batch of result.batches) {
    let text = '';
    for (const row of batch) {
      if (ndjson) text += `${object(row)}\n`;
      else text += `${rows === 0 ? '\n' : ',\n'}${object(row)}`;
      rows++;
    }
    await sink.write(text);
  }
  if (!ndjson) await sink.write(rows === 0 ? ']\n' : '\n]\n');
  return rows;
}
