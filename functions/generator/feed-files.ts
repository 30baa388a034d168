/**
 * Turns generated rows into feed files laid out by the landing convention
 * `<system>/<feed>/<file>`. Column names and order come from the feed's contract, and every value
 * is written in a format the contract accepts: decimals as plain digits from their unscaled
 * integer, dates as YYYY-MM-DD, timestamps as ISO 8601 with the site's UTC offset.
 */
import type { ColumnSpec, FeedContract } from '../../schemas/contract.js';
import { formatDecimal } from '../../schemas/values.js';
import { dayText, type SiteClock } from './calendar.js';

export type FileFormat = 'csv' | 'ndjson';

/**
 * A row as the simulation produces it. Integers are numbers; decimals are unscaled integers at the
 * column's scale (money in cents); dates are days since the epoch; timestamps are the site's local
 * milliseconds (see calendar.ts); empty optional values are null.
 */
export type GeneratedRow = Readonly<Record<string, string | number | boolean | null>>;

type CellFormatter = (value: string | number | boolean, clock: SiteClock) => string | number | boolean;

function cellFormatter(spec: ColumnSpec): CellFormatter {
  switch (spec.kind) {
    case 'decimal': {
      const scale = spec.scale;
      return (value) => formatDecimal(value as number, scale);
    }
    case 'date':
      return (value) => dayText(value as number);
    case 'timestamp':
      return (value, clock) => clock.iso(value as number);
    case 'boolean':
      return (value) => (value ? 'true' : 'false');
    default:
      return (value) => value;
  }
}

const needsQuotes = /[",\r\n]/;
export const csvCell = (text: string): string => (needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Formats the rows of one feed as CSV lines or NDJSON objects, in the contract's column order. */
export class FeedFormatter {
  readonly columns: readonly string[];
  private readonly formatters: readonly CellFormatter[];

  constructor(
    readonly contract: FeedContract,
    readonly format: FileFormat,
  ) {
    this.columns = contract.columnNames;
    this.formatters = this.columns.map((name) => cellFormatter(contract.columns[name] as ColumnSpec));
  }

  /** The first line of a file: the CSV header, or nothing for NDJSON. */
  header(): string | undefined {
    return this.format === 'csv' ? this.columns.join(',') : undefined;
  }

  line(row: GeneratedRow, clock: SiteClock): string {
    const cells: (string | number | boolean | null)[] = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const name = this.columns[i] as string;
      const value = row[name];
      if (value === undefined) throw new Error(`generator bug: ${this.contract.id} row has no value for ${name}`);
      cells[i] = value === null ? null : (this.formatters[i] as CellFormatter)(value, clock);
    }
    if (this.format === 'csv') return cells.map((c) => (c === null ? '' : csvCell(String(c)))).join(',');
    const object: Record<string, string | number | boolean | null> = {};
    this.columns.forEach((name, i) => {
      object[name] = cells[i] ?? null;
    });
    return JSON.stringify(object);
  }
}

/** The lines of each file being generated, until they are written out. */
export class FeedFiles {
  private readonly files = new Map<string, { formatter: FeedFormatter; lines: string[] }>();
  private readonly formatters = new Map<string, FeedFormatter>();
  readonly rowsByFeed = new Map<string, number>();

  constructor(
    readonly format: FileFormat,
    /** Feed ids to write; rows of other feeds are simulated but not kept. */
    private readonly wanted?: ReadonlySet<string>,
  ) {}

  private formatterFor(contract: FeedContract): FeedFormatter {
    let formatter = this.formatters.get(contract.id);
    if (!formatter) {
      formatter = new FeedFormatter(contract, this.format);
      this.formatters.set(contract.id, formatter);
    }
    return formatter;
  }

  /** `<system>/<feed>/<name>.<csv|ndjson>` */
  keyOf(contract: FeedContract, name: string): string {
    return `${contract.system}/${contract.feed}/${name}.${this.format}`;
  }

  /** Declares a file, so it is written (header only) even if no row lands in it. */
  open(contract: FeedContract, name: string): void {
    if (this.wanted && !this.wanted.has(contract.id)) return;
    const key = this.keyOf(contract, name);
    if (!this.files.has(key)) this.files.set(key, { formatter: this.formatterFor(contract), lines: [] });
  }

  add(contract: FeedContract, name: string, row: GeneratedRow, clock: SiteClock): void {
    if (this.wanted && !this.wanted.has(contract.id)) return;
    const key = this.keyOf(contract, name);
    let file = this.files.get(key);
    if (!file) {
      file = { formatter: this.formatterFor(contract), lines: [] };
      this.files.set(key, file);
    }
    file.lines.push(file.formatter.line(row, clock));
    this.rowsByFeed.set(contract.id, (this.rowsByFeed.get(contract.id) ?? 0) + 1);
  }

  /** Hands over every file's text (in key order) and forgets them. */
  *drain(): Generator<{ key: string; text: string; rows: number }> {
    const keys = [...this.files.keys()].sort();
    for (const key of keys) {
      const file = this.files.get(key);
      if (!file) continue;
      this.files.delete(key);
      const header = file.formatter.header();
      const lines = header === undefined ? file.lines : [header, ...file.lines];
      yield { key, text: lines.length === 0 ? '' : `${lines.join('\n')}\n`, rows: file.lines.length };
    }
  }
}
