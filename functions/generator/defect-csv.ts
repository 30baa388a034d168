/**
 * A generated CSV file held as cells while defects are injected into it: reading it, writing it
 * back, and picking a column or a row to corrupt.
 */
import type { ColumnSpec, FeedContract } from '../../schemas/contract.js';
import { contractFor } from '../../schemas/index.js';
import { readCsv } from '../core/csv-reader.js';
import { type ObjectStore, readAll } from '../core/storage/port.js';
import { csvCell } from './feed-files.js';
import type { Random } from './random.js';

export interface CsvFile {
  readonly key: string;
  readonly contract: FeedContract;
  header: string[];
  rows: string[][];
}

export async function readCsvFile(landing: ObjectStore, key: string, contract: FeedContract): Promise<CsvFile> {
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

export const serialise = (header: readonly string[], rows: readonly string[][], eol = '\n'): string =>
  [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join(eol) + eol;

/** Record number of data row `index` (0-based): the header is record 1. */
export const recordOf = (index: number) => index + 2;

export function feedOf(key: string): FeedContract | undefined {
  const [system, feed] = key.split('/');
  return system && feed ? contractFor(system, feed) : undefined;
}

const isKey = (contract: FeedContract, column: string) =>
  contract.primaryKey.includes(column) || contract.partitionBy.site === column;

/** A column of `contract` that `accepts` allows and that is not part of the key, picked at random. */
export function pickColumn(
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
export function pickRow(random: Random, file: CsvFile, column?: string): number | undefined {
  const at = column === undefined ? -1 : file.header.indexOf(column);
  const candidates = file.rows.map((_, i) => i).filter((i) => at < 0 || (file.rows[i]?.[at] ?? '') !== '');
  return candidates.length === 0 ? undefined : random.pick(candidates);
}

export function setCell(file: CsvFile, index: number, column: string, value: string): void {
  const row = file.rows[index];
  const at = file.header.indexOf(column);
  if (!row || at < 0) throw new Error(`defect injection: no cell ${column} in row ${index} of ${file.key}`);
  row[at] = value;
}

export function cellOf(file: CsvFile, index: number, column: string): string {
  return file.rows[index]?.[file.header.indexOf(column)] ?? '';
}

export const ruleNamed = (contract: FeedContract, name: string): string => {
  const rule = contract.rules.find((r) => r.name === name);
  if (!rule) throw new Error(`defect injection: ${contract.id} has no rule ${name}`);
  return rule.name;
};
