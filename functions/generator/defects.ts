/**
 * `--defects`: corrupts a deterministic handful of generated CSV files the ways real feeds go wrong,
 * and writes `_manifest/defects.json` saying, for each defect, what ingest must do with it — reject
 * a named row and column under a named rule, reject the whole file, skip it as a duplicate, warn,
 * or load it cleanly despite the oddity (BOM, CRLF, reordered header, a late file).
 */
import { type ObjectStore, readAll } from '../core/storage/port.js';
import { type CsvFile, feedOf, pickColumn, readCsvFile, serialise } from './defect-csv.js';
import { type Defect, type DefectKind, MANIFEST_KEY } from './defect-kinds.js';
import { Random } from './random.js';
import { ROW_DEFECTS, TARGET_FEEDS } from './row-defects.js';
import { stableHash } from './site-context.js';

export { type Defect, type DefectKind, type ExpectedOutcome, MANIFEST_KEY } from './defect-kinds.js';

const EXTRA_COLUMN = 'legacy_code';

export interface DefectOptions {
  readonly seed: number;
  /** Row defects of each kind to inject (in different files). */
  readonly perKind?: number;
}

/**
 * The daily CSV files defects may go into, each used at most once: `pick` returns a not yet
 * corrupted file of one of `feeds` (any daily feed when absent) with ≥ 3 rows; `release` gives
 * back one a defect could not take.
 */
class FilePicker {
  private readonly used = new Set<string>();

  constructor(
    private readonly landing: ObjectStore,
    private readonly dailyCsv: readonly string[],
    private readonly random: Random,
  ) {}

  async pick(feeds?: readonly string[]): Promise<CsvFile | undefined> {
    const candidates = this.dailyCsv.filter(
      (key) => !this.used.has(key) && (!feeds || feeds.some((f) => key.startsWith(`${f}/`))),
    );
    for (let attempt = 0; attempt < 40 && candidates.length > 0; attempt++) {
      const key = candidates.splice(this.random.int(0, candidates.length - 1), 1)[0];
      const contract = key === undefined ? undefined : feedOf(key);
      if (key === undefined || contract === undefined) continue;
      const file = await readCsvFile(this.landing, key, contract);
      if (file.rows.length >= 3) {
        this.used.add(key);
        return file;
      }
    }
    return undefined;
  }

  release(file: CsvFile): void {
    this.used.delete(file.key);
  }
}

/** Up to `perKind` files per row defect, each corrupted in one cell. */
async function injectRowDefects(
  landing: ObjectStore,
  picker: FilePicker,
  random: Random,
  perKind: number,
): Promise<Defect[]> {
  const defects: Defect[] = [];
  for (const defect of ROW_DEFECTS) {
    let injected = 0;
    for (let attempt = 0; injected < perKind && attempt < perKind * 10; attempt++) {
      const file = await picker.pick(TARGET_FEEDS[defect.kind]);
      if (!file) break;
      const entry = defect.apply(random, file);
      if (!entry) {
        picker.release(file);
        continue;
      }
      await landing.write(file.key, serialise(file.header, file.rows));
      defects.push({ file: file.key, kind: defect.kind, expected: 'rejected_row', ...entry });
      injected++;
    }
  }
  return defects;
}

/** A whole-file defect: rewrites (or copies) one file and says what ingest must do with it. */
interface FileDefect {
  readonly kind: DefectKind;
  change(file: CsvFile, landing: ObjectStore, random: Random): Promise<Omit<Defect, 'kind' | 'row'>>;
}

const loadedDespite = (file: CsvFile, note: string) =>
  ({ file: file.key, expected: 'loaded', column: null, rule: null, note }) as const;

/** In this order: each takes the next file the picker gives, so the order fixes the output. */
const FILE_DEFECTS: readonly FileDefect[] = [
  {
    kind: 'missing_column',
    async change(file, landing, random) {
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
    },
  },
  {
    kind: 'duplicated_file',
    async change(file, landing) {
      const copy = file.key.replace(/\.csv$/, '_resent.csv');
      await landing.write(copy, await readAll(landing, file.key));
      return {
        file: copy,
        expected: 'duplicate',
        column: null,
        rule: null,
        note: `byte-identical copy of ${file.key}, delivered again under another name`,
      };
    },
  },
  {
    kind: 'late_file',
    async change(file, landing) {
      // The last third of the day's rows arrive after the day's file, in a file of their own.
      const keep = Math.ceil((file.rows.length * 2) / 3);
      const late = file.key.replace(/\.csv$/, '_late.csv');
      await landing.write(file.key, serialise(file.header, file.rows.slice(0, keep)));
      await landing.write(late, serialise(file.header, file.rows.slice(keep)));
      const note = `${file.rows.length - keep} rows of ${file.key} delivered late in a separate file`;
      return { ...loadedDespite(file, note), file: late };
    },
  },
  {
    kind: 'header_order',
    async change(file, landing) {
      const order = file.header.map((_, i) => i).reverse();
      const reorder = (cells: string[]) => order.map((i) => cells[i] ?? '');
      await landing.write(file.key, serialise(reorder(file.header), file.rows.map(reorder)));
      return loadedDespite(file, 'columns in reverse order');
    },
  },
  {
    kind: 'bom',
    async change(file, landing) {
      await landing.write(file.key, `\uFEFF${serialise(file.header, file.rows)}`);
      return loadedDespite(file, 'UTF-8 byte-order mark');
    },
  },
  {
    kind: 'crlf',
    async change(file, landing) {
      await landing.write(file.key, serialise(file.header, file.rows, '\r\n'));
      return loadedDespite(file, 'CRLF line ends');
    },
  },
  {
    kind: 'extra_column',
    async change(file, landing) {
      const rows = file.rows.map((r, i) => [...r, `L${i}`]);
      await landing.write(file.key, serialise([...file.header, EXTRA_COLUMN], rows));
      return {
        file: file.key,
        expected: 'warning',
        column: EXTRA_COLUMN,
        rule: null,
        note: `column ${EXTRA_COLUMN} is not in the contract: dropped with a warning`,
      };
    },
  },
];

/**
 * Corrupts some of the generated files in `keys` (all CSV) and writes the manifest. Returns it.
 */
export async function injectDefects(
  landing: ObjectStore,
  keys: readonly string[],
  options: DefectOptions,
): Promise<Defect[]> {
  const random = new Random(stableHash(`${options.seed}:defects`));
  const dailyCsv = keys.filter((key) => key.endsWith('.csv') && feedOf(key)?.cadence === 'daily');
  if (dailyCsv.length === 0) throw new Error('--defects needs CSV output (--format csv) with at least one daily file');
  const picker = new FilePicker(landing, dailyCsv, random);
  const defects = await injectRowDefects(landing, picker, random, options.perKind ?? 2);
  for (const defect of FILE_DEFECTS) {
    const file = await picker.pick();
    if (file) defects.push({ kind: defect.kind, row: null, ...(await defect.change(file, landing, random)) });
  }
  defects.sort((a, b) => (a.file === b.file ? (a.row ?? 0) - (b.row ?? 0) : a.file < b.file ? -1 : 1));
  await landing.write(MANIFEST_KEY, `${JSON.stringify({ seed: options.seed, defects }, null, 2)}\n`);
  return defects;
}
