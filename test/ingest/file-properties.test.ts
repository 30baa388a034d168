/**
 * Whole files, property-based: the same generated rows delivered as CSV and as NDJSON give the
 * same lake rows, the same quarantine (row, column, rule) and the same audit counts. CSV rows
 * take the byte fast path or zod; NDJSON rows take the compiled row parser or zod, with numbers
 * and booleans written as JSON literals where the cell's text is one — so JSON's number grammar
 * and CSV's text meet the same cell rules (`4.0` is no integer in either, money keeps its digits).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type IngestResult, ingestFile } from '../../functions/core/ingest.js';
import type { ColumnSpec, FeedContract } from '../../schemas/contract.js';
import { shipments } from '../../schemas/tms.js';
import { safetyIncidents, timecards } from '../../schemas/wfm.js';
import { qualityChecks } from '../../schemas/wms.js';
import { cellsFor, SEED } from '../support/cell-arbitraries.js';
import { duckdb, put, quarantinedRows, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';

const FILES_PER_CONTRACT = 12;
const MAX_ROWS = 25;
const siteTimezones = new Map([
  ['S1', 'Europe/Berlin'],
  ['S2', 'America/Chicago'],
]);

const FLOAT_TRAPS = [
  '4.0',
  '1.0000000000000001',
  '90071992547409.91',
  '0.1000000000000000055',
  '9007199254740993',
  '1e1',
  '1E+2',
  '-0',
  '12.50',
  '0.10',
  '2.675',
];

/** Mostly valid cells (so rows pass as often as they fail), sometimes any generated cell. */
function rowCell(contract: FeedContract, name: string, spec: ColumnSpec): fc.Arbitrary<string> {
  if (name === contract.partitionBy.site) return fc.constantFrom('S1', 'S1', 'S2', 'S9');
  if (contract.primaryKey.includes(name) && spec.kind === 'string') return fc.nat({ max: 40 }).map((n) => `K-${n}`);
  const cells = cellsFor(spec);
  const numeric = spec.kind === 'integer' || spec.kind === 'decimal';
  return fc
    .oneof(
      { arbitrary: cells.filter((c) => c.expected !== undefined || c.canonical === true), weight: 12 },
      { arbitrary: cells, weight: 1 },
      // Numbers a binary float would change: JSON.parse reads 4.0 as 4 and rounds long digits.
      { arbitrary: fc.constantFrom(...FLOAT_TRAPS).map((text) => ({ text })), weight: numeric ? 2 : 0 },
    )
    .map((c) => wellFormed(c.text));
}

function rowsOf(contract: FeedContract): fc.Arbitrary<Record<string, string>[]> {
  const row = fc.record(
    Object.fromEntries(Object.entries(contract.columns).map(([name, spec]) => [name, rowCell(contract, name, spec)])),
  );
  return fc.array(row, { minLength: 1, maxLength: MAX_ROWS });
}

/** Lone surrogates as U+FFFD, as a UTF-8 file would carry them in either format. */
const wellFormed = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text));

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A cell as NDJSON: a number or boolean literal where the text is one, else a string; empty as null. */
function jsonValue(spec: ColumnSpec, text: string, emptyAs: 'null' | 'string'): string {
  if (text === '') return emptyAs === 'null' ? 'null' : '""';
  if ((spec.kind === 'integer' || spec.kind === 'decimal') && JSON_NUMBER.test(text)) return text;
  if (spec.kind === 'boolean' && (text === 'true' || text === 'false')) return text;
  return JSON.stringify(text);
}

function ndjson(contract: FeedContract, rows: Record<string, string>[], upper: boolean): string {
  const specs = Object.entries(contract.columns);
  return rows
    .map((row, i) => {
      const members = specs.map(([name, spec]) => {
        const key = JSON.stringify(upper ? name.toUpperCase() : name);
        return `${key}:${jsonValue(spec, row[name] as string, i % 2 === 0 ? 'null' : 'string')}`;
      });
      return `{${members.join(', ')}}\n`;
    })
    .join('');
}

function csv(contract: FeedContract, rows: Record<string, string>[], upper: boolean): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) || v.trim() !== v ? `"${v.replaceAll('"', '""')}"` : v);
  const names = contract.columnNames;
  const header = names.map((n) => (upper ? n.toUpperCase() : n)).join(',');
  return `${[header, ...rows.map((r) => names.map((n) => quote(r[n] as string)).join(','))].join('\r\n')}\r\n`;
}

/** What a file left in the lake and quarantine, with row numbers counted from the first data row. */
async function outcome(ws: TempWorkspace, contract: FeedContract, result: IngestResult, firstRow: number) {
  const lake = await duckdb(
    `select * exclude (_source_key, _ingested_at) from read_parquet('${ws.buckets.lake.root}/raw/${contract.id}/**/*.parquet', hive_partitioning = false) order by _source_row`,
  ).catch((error: Error) => (/No files found/.test(error.message) ? [] : Promise.reject(error)));
  const quarantine = (await quarantinedRows(ws.buckets))
    .map((r) => `${Number(r.row) - firstRow} ${r.column} ${r.rule}`)
    .sort();
  return {
    counts: { outcome: result.outcome, rows_in: result.rows_in, rows_valid: result.rows_valid },
    lake: lake.map((r) => ({ ...r, _source_row: Number(r._source_row) - firstRow })),
    quarantine,
  };
}

describe('CSV and NDJSON of the same rows give the same lake rows', () => {
  let n = 0;
  const workspaces: TempWorkspace[] = [];
  afterAll(async () => {
    for (const ws of workspaces) await ws.dispose();
  });

  for (const contract of [shipments, qualityChecks, safetyIncidents, timecards]) {
    it(`${contract.id}: ${FILES_PER_CONTRACT} generated files`, async () => {
      let loadedRows = 0;
      let rejectedRows = 0;
      await fc.assert(
        fc.asyncProperty(rowsOf(contract), fc.boolean(), async (rows, upper) => {
          n++;
          const [a, b] = [await tempWorkspace(), await tempWorkspace()];
          workspaces.push(a, b);
          const csvKey = `${contract.id}/file-${n}.csv`;
          const jsonKey = `${contract.id}/file-${n}.ndjson`;
          await put(a.buckets.landing, csvKey, csv(contract, rows, upper));
          await put(b.buckets.landing, jsonKey, ndjson(contract, rows, upper));
          const viaCsv = await ingestFile({ buckets: a.buckets, key: csvKey, siteTimezones });
          const viaJson = await ingestFile({ buckets: b.buckets, key: jsonKey, siteTimezones });
          const fromCsv = await outcome(a, contract, viaCsv, 2);
          const fromJson = await outcome(b, contract, viaJson, 1);
          expect(fromJson).toEqual(fromCsv);
          expect(viaCsv.rows_in).toBe(rows.length);
          loadedRows += viaCsv.rows_valid;
          rejectedRows += viaCsv.rows_rejected;
          await a.dispose();
          await b.dispose();
        }),
        { seed: SEED, numRuns: FILES_PER_CONTRACT },
      );
      // Both sides were exercised: rows loaded and rows rejected.
      expect(loadedRows).toBeGreaterThan(0);
      expect(rejectedRows).toBeGreaterThan(0);
    });
  }
});
