/**
 * NDJSON lines → record tables of the same shape as the CSV scanner's (`CsvRecordTable`), so both
 * formats go through one compiled set of cell parsers (`CsvColumnDecoder`) and one zod schema.
 *
 * Each line is read by json-line.ts, its members are matched to the contract's columns by name
 * (trimmed, case-insensitive, as CSV headers are), and every column's text — a number or
 * `true`/`false` as written, a string unescaped, null or absent as empty — is copied as UTF-8 into
 * the table's bytes in contract order. A line that cannot be read, or names one column twice, is
 * a record with a problem instead of fields.
 */
import type { FeedContract } from '../../schemas/contract.js';
import type { CsvRecordTable } from './csv-reader.js';
import { FileRejection } from './errors.js';
import { parseJsonObjectLine } from './json-line.js';
import type { HeaderReport } from './record-source.js';

/** Why a line is no record: its rule, message and the line itself. */
export interface LineProblem {
  readonly rule: string;
  readonly message: string;
  readonly raw: string;
}

export interface NdjsonRecordTable extends CsvRecordTable {
  /** Per record: why the line could not be read, or undefined for a record with fields. */
  readonly problems: (LineProblem | undefined)[];
}

/** Lines per table: enough to amortise the per-table work, few enough to keep the table small. */
const LINES_PER_TABLE = 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;

const normalise = (name: string) => name.trim().toLowerCase();
const encoder = new TextEncoder();

class Table implements NdjsonRecordTable {
  bytes = new Uint8Array(1 << 16);
  count = 0;
  used = 0;
  readonly row = new Int32Array(LINES_PER_TABLE);
  readonly firstField: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly escaped: Uint8Array;
  readonly problems: (LineProblem | undefined)[] = [];

  constructor(private readonly width: number) {
    this.firstField = Int32Array.from({ length: LINES_PER_TABLE + 1 }, (_, r) => r * width);
    this.start = new Int32Array(LINES_PER_TABLE * width);
    this.end = new Int32Array(LINES_PER_TABLE * width);
    this.escaped = new Uint8Array(LINES_PER_TABLE * width);
  }

  get full(): boolean {
    return this.count === LINES_PER_TABLE;
  }

  reset(): void {
    this.count = 0;
    this.used = 0;
    this.problems.length = 0;
  }

  addProblem(row: number, problem: LineProblem): void {
    const r = this.count++;
    this.row[r] = row;
    this.problems[r] = problem;
    this.start.fill(0, r * this.width, (r + 1) * this.width);
    this.end.fill(0, r * this.width, (r + 1) * this.width);
  }

  addRecord(row: number, texts: readonly (string | null)[]): void {
    const r = this.count++;
    this.row[r] = row;
    this.problems[r] = undefined;
    for (let c = 0; c < this.width; c++) {
      const f = r * this.width + c;
      const text = texts[c] ?? '';
      this.reserve(text.length * MAX_UTF8_PER_UNIT);
      this.start[f] = this.used;
      this.used += encoder.encodeInto(text, this.bytes.subarray(this.used)).written;
      this.end[f] = this.used;
    }
  }

  /** Grows the byte buffer; the ranges already recorded stay valid in the copy. */
  private reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + more));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}

/** The texts of one line's members in contract column order, or why the line is not a record. */
function recordOf(
  line: string,
  known: ReadonlyMap<string, number>,
  columnNames: readonly string[],
  extras: Set<string>,
): (string | null)[] | Omit<LineProblem, 'raw'> {
  const members = parseJsonObjectLine(line);
  if ('rule' in members) return members;
  const texts: (string | null)[] = new Array(columnNames.length).fill(null);
  const given = new Map<string, string>();
  for (let i = 0; i < members.keys.length; i++) {
    const name = members.keys[i] as string;
    const c = known.get(normalise(name));
    const column = c === undefined ? name : (columnNames[c] as string);
    const earlier = given.get(column);
    // Two spellings of one column, like two header cells naming it in a CSV: neither can be chosen.
    if (earlier !== undefined) {
      return { rule: 'duplicate_column', message: `keys "${earlier}" and "${name}" both name column ${column}` };
    }
    given.set(column, name);
    if (c === undefined) extras.add(name);
    else texts[c] = members.values[i] ?? null;
  }
  return texts;
}

/**
 * The records of an NDJSON stream, a table per LINES_PER_TABLE lines. Tables are reused: read one
 * before asking for the next. Blank lines are no records; `onHeader` hears the unknown keys at
 * the end.
 */
export async function* scanNdjson(
  contract: FeedContract,
  lines: AsyncIterable<string>,
  onHeader: (report: HeaderReport) => void,
): AsyncGenerator<NdjsonRecordTable> {
  const columnNames = contract.columnNames;
  const known = new Map(columnNames.map((name, c) => [normalise(name), c]));
  const extras = new Set<string>();
  const table = new Table(columnNames.length);
  let row = 0;
  let records = 0;
  for await (const line of lines) {
    row++;
    const text = row === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    // A JSON array (or a pretty-printed document) is one value spread over lines, not records:
    // every line would be rejected for the same reason, so the file is, once.
    if (records++ === 0 && /^\s*\[/.test(text)) {
      throw new FileRejection(
        'not_ndjson',
        `line ${row} opens a JSON array: NDJSON holds one JSON object per line; write each element on a line of its own`,
      );
    }
    const record = recordOf(text, known, columnNames, extras);
    if (Array.isArray(record)) table.addRecord(row, record);
    else table.addProblem(row, { ...record, raw: text });
    if (table.full) {
      yield table;
      table.reset();
    }
  }
  if (table.count > 0) yield table;
  onHeader({ extraColumns: [...extras], missingOptional: [] });
}
