/**
 * `--defects`: corrupts a deterministic handful of generated CSV files the ways real feeds go wrong,
 * and writes `_manifest/defects.json` saying, for each defect, what ingest must do with it — reject
 * a named row and column under a named rule, reject the whole file, skip it as a duplicate, warn,
 * or load it cleanly despite the oddity (BOM, CRLF, reordered header, a late file).
 */
import type { ColumnSpec, FeedContract } from '../../schemas/contract.js';
import { contractFor } from '../../schemas/index.js';
import { formatDecimal } from '../../schemas/values.js';
import { readCsv } from '../core/csv-reader.js';
import { type ObjectStore, readAll } from '../core/storage/port.js';
import { csvCell } from './feed-files.js';
import { Random } from './random.js';
import { stableHash } from './site-context.js';

export const MANIFEST_KEY = '_manifest/defects.json';

export type DefectKind =
  | 'wrong_type'
  | 'missing_required'
  | 'out_of_range'
  | 'impossible_date'
  | 'bad_enum'
  | 'cross_field'
  | 'duplicate_key'
  | 'field_count'
  | 'missing_column'
  | 'duplicated_file'
  | 'late_file'
  | 'header_order'
  | 'bom'
  | 'crlf'
  | 'extra_column';

/** What ingest must do with a defect. */
export type ExpectedOutcome = 'rejected_row' | 'rejected_file' | 'duplicate' | 'warning' | 'loaded';

export interface Defect {
  readonly file: string;
  readonly kind: DefectKind;
  readonly expected: ExpectedOutcome;
  /** The 1-based record number ingest reports (header = 1), for a rejected row. */
  readonly row: number | null;
  readonly column: string | null;
  /** The rule ingest must name: a contract rule, a parse rule or a file rule. */
  readonly rule: string | null;
  readonly note: string;
}

interface CsvFile {
  readonly key: string;
  readonly contract: FeedContract;
  header: string[];
  rows: string[][];
}

const EXTRA_COLUMN = 'legacy_code';

async function readCsvFile(landing: ObjectStore, key: string, contract: FeedContract): Promise<CsvFile> {
  const bytes = await readAll(landing, key);
  const records: string[][] = [];
  for await (const record of readCsv(
    (async function* () {
      yield bytes;
    })(),
  )) {
    records.push(record.fields);
  }
  const [header = [], ...rows] = records;
  return { key, contract, header, rows };
}

const serialise = (header: readonly string[], rows: readonly string[][], eol = '\n'): string =>
  [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join(eol) + eol;

/** Record number of data row `index` (0-based): the header is record 1. */
const recordOf = (index: number) => index + 2;

function feedOf(key: string): FeedContract | undefined {
  const [system, feed] = key.split('/');
  return system && feed ? contractFor(system, feed) : undefined;
}

const isKey = (contract: FeedContract, column: string) =>
  contract.primaryKey.includes(column) || contract.partitionBy.site === column;

/** A column of `contract` that `accepts` allows and that is not part of the key, picked at random. */
function pickColumn(
  random: Random,
  contract: FeedContract,
  accepts: (spec: ColumnSpec, name: string) => boolean,
): string | undefined {
  const names = contract.columnNames.filter((name) => {
    const spec = contract.columns[name];
    return spec !== undefined && !isKey(contract, name) && accepts(spec, name);
  });
  return names.length === 0 ? undefined : random.pick(names);
}

/** A data row whose `column` is filled, picked at random. */
function pickRow(random: Random, file: CsvFile, column?: string): number | undefined {
  const at = column === undefined ? -1 : file.header.indexOf(column);
  const candidates = file.rows.map((_, i) => i).filter((i) => at < 0 || (file.rows[i]?.[at] ?? '') !== '');
  return candidates.length === 0 ? undefined : random.pick(candidates);
}

function setCell(file: CsvFile, index: number, column: string, value: string): void {
  const row = file.rows[index];
  const at = file.header.indexOf(column);
  if (!row || at < 0) throw new Error(`defect injection: no cell ${column} in row ${index} of ${file.key}`);
  row[at] = value;
}

function cellOf(file: CsvFile, index: number, column: string): string {
  return file.rows[index]?.[file.header.indexOf(column)] ?? '';
}

/** A row-level defect: changes one cell and says which rule must catch it. */
interface RowDefect {
  readonly kind: DefectKind;
  /** Applies the defect to `file`; returns the manifest entry, or undefined when this file cannot take it. */
  apply(random: Random, file: CsvFile): Omit<Defect, 'file' | 'kind' | 'expected'> | undefined;
}

const ruleNamed = (contract: FeedContract, name: string): string => {
  const rule = contract.rules.find((r) => r.name === name);
  if (!rule) throw new Error(`defect injection: ${contract.id} has no rule ${name}`);
  return rule.name;
};

const ROW_DEFECTS: readonly RowDefect[] = [
  {
    kind: 'wrong_type',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.kind === 'integer' || s.kind === 'decimal');
      const spec = column === undefined ? undefined : file.contract.columns[column];
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || spec === undefined || index === undefined) return undefined;
      const value = spec.kind === 'integer' ? 'N/A' : '1,234.50';
      setCell(file, index, column, value);
      const rule = spec.kind === 'integer' ? 'integer_format' : 'decimal_format';
      return { row: recordOf(index), column, rule, note: `"${value}" in a ${spec.kind} column` };
    },
  },
  {
    kind: 'missing_required',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.required);
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || index === undefined) return undefined;
      setCell(file, index, column, '');
      return { row: recordOf(index), column, rule: 'required', note: `required ${column} left empty` };
    },
  },
  {
    kind: 'out_of_range',
    apply(random, file) {
      const column = pickColumn(
        random,
        file.contract,
        (s) => (s.kind === 'integer' || s.kind === 'decimal') && (s.min !== undefined || s.max !== undefined),
      );
      const spec = column === undefined ? undefined : file.contract.columns[column];
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || index === undefined || (spec?.kind !== 'integer' && spec?.kind !== 'decimal')) {
        return undefined;
      }
      const aboveMax = spec.max !== undefined;
      const bound = (aboveMax ? spec.max : spec.min) ?? 0;
      const outside = aboveMax ? bound + 1 : bound - 1;
      const value = spec.kind === 'decimal' ? formatDecimal(outside * 10 ** spec.scale, spec.scale) : String(outside);
      setCell(file, index, column, value);
      return {
        row: recordOf(index),
        column,
        rule: aboveMax ? 'max' : 'min',
        note: `${value} is ${aboveMax ? 'above the maximum' : 'below the minimum'} ${bound}`,
      };
    },
  },
  {
    kind: 'impossible_date',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.kind === 'date' || s.kind === 'timestamp');
      const spec = column === undefined ? undefined : file.contract.columns[column];
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || spec === undefined || index === undefined) return undefined;
      const original = cellOf(file, index, column);
      // February 30th in the value's own year; a time keeps its clock and offset.
      const value = `${original.slice(0, 4)}-02-30${original.slice(10)}`;
      setCell(file, index, column, value);
      const rule = spec.kind === 'date' ? 'date_valid' : 'timestamp_valid';
      return { row: recordOf(index), column, rule, note: `"${value}" is not a calendar date` };
    },
  },
  {
    kind: 'bad_enum',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.kind === 'enum' && s.required);
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || index === undefined) return undefined;
      const value = cellOf(file, index, column).toUpperCase().replaceAll('_', ' ');
      setCell(file, index, column, value);
      return { row: recordOf(index), column, rule: 'enum', note: `"${value}" is not an allowed value` };
    },
  },
  {
    kind: 'cross_field',
    apply(random, file) {
      const { contract } = file;
      if (contract.id === 'wms/quality_checks') {
        const index = pickRow(random, file);
        if (index === undefined) return undefined;
        const inspected = Number(cellOf(file, index, 'inspected_units'));
        setCell(file, index, 'defective_units', String(inspected + 1));
        const rule = ruleNamed(contract, 'defective_units_not_above_inspected_units');
        return { row: recordOf(index), column: 'defective_units', rule, note: 'more defective than inspected units' };
      }
      if (contract.id === 'wfm/timecards') {
        const index = pickRow(random, file);
        if (index === undefined) return undefined;
        const worked = Math.round(Number(cellOf(file, index, 'worked_hours')) * 100);
        if (worked > 2200) return undefined;
        setCell(file, index, 'overtime_hours', formatDecimal(worked + 100, 2));
        const rule = ruleNamed(contract, 'overtime_hours_not_above_worked_hours');
        return { row: recordOf(index), column: 'overtime_hours', rule, note: 'more overtime than hours worked' };
      }
      if (contract.id === 'tms/shipments') {
        const index = pickRow(random, file, 'delivered_at');
        if (index === undefined) return undefined;
        setCell(file, index, 'delivered_at', '2000-01-01T00:00:00Z');
        const rule = ruleNamed(contract, 'delivered_not_before_shipped');
        return { row: recordOf(index), column: 'delivered_at', rule, note: 'delivered before it was shipped' };
      }
      return undefined;
    },
  },
  {
    kind: 'duplicate_key',
    apply(random, file) {
      const index = pickRow(random, file);
      const row = index === undefined ? undefined : file.rows[index];
      if (index === undefined || row === undefined) return undefined;
      file.rows.push([...row]);
      return {
        row: recordOf(file.rows.length - 1),
        column: file.contract.primaryKey.join(','),
        rule: 'duplicate_primary_key',
        note: `row ${recordOf(index)} delivered twice in the same file`,
      };
    },
  },
  {
    kind: 'field_count',
    apply(random, file) {
      const index = pickRow(random, file);
      const row = index === undefined ? undefined : file.rows[index];
      if (index === undefined || row === undefined) return undefined;
      row.pop();
      return { row: recordOf(index), column: null, rule: 'field_count', note: 'a truncated row, one field short' };
    },
  },
];

/** Which feeds each row defect is aimed at (cross-field breaks need a feed with that rule). */
const TARGET_FEEDS: Partial<Record<DefectKind, readonly string[]>> = {
  cross_field: ['wms/quality_checks', 'wfm/timecards', 'tms/shipments'],
};

export interface DefectOptions {
  readonly seed: number;
  /** Row defects of each kind to inject (in different files). */
  readonly perKind?: number;
}

/**
 * Corrupts some of the generated files in `keys` (all CSV) and writes the manifest. Returns it.
 */
export async function injectDefects(
  landing: ObjectStore,
  keys: readonly string[],
  options: DefectOptions,
): Promise<Defect[]> {
  const random = new Random(stableHash(`${options.seed}:defects`));
  const perKind = options.perKind ?? 2;
  const defects: Defect[] = [];
  const used = new Set<string>();
  const dailyCsv = keys.filter((key) => {
    const contract = feedOf(key);
    return key.endsWith('.csv') && contract?.cadence === 'daily';
  });
  if (dailyCsv.length === 0) throw new Error('--defects needs CSV output (--format csv) with at least one daily file');

  /** A not yet corrupted daily file of one of `feeds` (any daily feed when absent) with ≥ 3 rows. */
  const pickFile = async (feeds?: readonly string[]): Promise<CsvFile | undefined> => {
    const candidates = dailyCsv.filter(
      (key) => !used.has(key) && (!feeds || feeds.some((f) => key.startsWith(`${f}/`))),
    );
    for (let attempt = 0; attempt < 40 && candidates.length > 0; attempt++) {
      const key = candidates.splice(random.int(0, candidates.length - 1), 1)[0];
      const contract = key === undefined ? undefined : feedOf(key);
      if (key === undefined || contract === undefined) continue;
      const file = await readCsvFile(landing, key, contract);
      if (file.rows.length >= 3) {
        used.add(key);
        return file;
      }
    }
    return undefined;
  };

  for (const defect of ROW_DEFECTS) {
    let injected = 0;
    for (let attempt = 0; injected < perKind && attempt < perKind * 10; attempt++) {
      const file = await pickFile(TARGET_FEEDS[defect.kind]);
      if (!file) break;
      const entry = defect.apply(random, file);
      if (!entry) {
        used.delete(file.key);
        continue;
      }
      await landing.write(file.key, serialise(file.header, file.rows));
      defects.push({ file: file.key, kind: defect.kind, expected: 'rejected_row', ...entry });
      injected++;
    }
  }

  const fileDefect = async (
    kind: DefectKind,
    change: (file: CsvFile) => Promise<Omit<Defect, 'kind' | 'row'>>,
  ): Promise<void> => {
    const file = await pickFile();
    if (!file) return;
    defects.push({ kind, row: null, ...(await change(file)) });
  };

  await fileDefect('missing_column', async (file) => {
    const column = pickColumn(random, file.contract, (s) => s.required) ?? file.contract.partitionBy.site;
    const at = file.header.indexOf(column);
    const drop = <T>(cells: T[]) => cells.filter((_, i) => i !== at);
    await landing.write(file.key, serialise(drop(file.header), file.rows.map(drop)));
    return {
      file: file.key,
      expected: 'rejected_file',
      column,
      rule: 'missing_column',
      note: `required column ${column} missing`,
    };
  });
  await fileDefect('duplicated_file', async (file) => {
    const copy = file.key.replace(/\.csv$/, '_resent.csv');
    await landing.write(copy, await readAll(landing, file.key));
    return {
      file: copy,
      expected: 'duplicate',
      column: null,
      rule: null,
      note: `byte-identical copy of ${file.key}, delivered again under another name`,
    };
  });
  await fileDefect('late_file', async (file) => {
    // The last third of the day's rows arrive after the day's file, in a file of their own.
    const keep = Math.ceil((file.rows.length * 2) / 3);
    const late = file.key.replace(/\.csv$/, '_late.csv');
    await landing.write(file.key, serialise(file.header, file.rows.slice(0, keep)));
    await landing.write(late, serialise(file.header, file.rows.slice(keep)));
    return {
      file: late,
      expected: 'loaded',
      column: null,
      rule: null,
      note: `${file.rows.length - keep} rows of ${file.key} delivered late in a separate file`,
    };
  });
  await fileDefect('header_order', async (file) => {
    const order = file.header.map((_, i) => i).reverse();
    const reorder = (cells: string[]) => order.map((i) => cells[i] ?? '');
    await landing.write(file.key, serialise(reorder(file.header), file.rows.map(reorder)));
    return { file: file.key, expected: 'loaded', column: null, rule: null, note: 'columns in reverse order' };
  });
  await fileDefect('bom', async (file) => {
    await landing.write(file.key, `\uFEFF${serialise(file.header, file.rows)}`);
    return { file: file.key, expected: 'loaded', column: null, rule: null, note: 'UTF-8 byte-order mark' };
  });
  await fileDefect('crlf', async (file) => {
    await landing.write(file.key, serialise(file.header, file.rows, '\r\n'));
    return { file: file.key, expected: 'loaded', column: null, rule: null, note: 'CRLF line ends' };
  });
  await fileDefect('extra_column', async (file) => {
    const rows = file.rows.map((r, i) => [...r, `L${i}`]);
    await landing.write(file.key, serialise([...file.header, EXTRA_COLUMN], rows));
    return {
      file: file.key,
      expected: 'warning',
      column: EXTRA_COLUMN,
      rule: null,
      note: `column ${EXTRA_COLUMN} is not in the contract: dropped with a warning`,
    };
  });

  defects.sort((a, b) => (a.file === b.file ? (a.row ?? 0) - (b.row ?? 0) : a.file < b.file ? -1 : 1));
  await landing.write(MANIFEST_KEY, `${JSON.stringify({ seed: options.seed, defects }, null, 2)}\n`);
  return defects;
}
