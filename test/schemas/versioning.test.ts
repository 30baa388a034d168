/**
 * Contract versioning: a v1.1 producer that adds an optional column is compatible — its files load
 * into the v1 table and a v1.1 reader sees the new column — while a retyped column is a breaking
 * change: the rule demands a new major version, and such a file's rows are rejected with a clear
 * error instead of being coerced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvColumnDecoder } from '../../functions/core/column-decoder.js';
import { recordFields, scanCsv } from '../../functions/core/csv-reader.js';
import { ingestFile } from '../../functions/core/ingest.js';
import { matchHeader } from '../../functions/core/record-source.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';
import { compareContracts, requiredBump, versionProblems } from '../../schemas/compatibility.js';
import { type ColumnSpec, col, defineFeed, type FeedContract, rowSchema } from '../../schemas/contract.js';
import { shipments } from '../../schemas/tms.js';

const v1 = shipments;
/** The v1 contract with other columns and/or another version (and without rules on dropped columns). */
const variant = (columns: Record<string, ColumnSpec>, version = v1.version): FeedContract =>
  defineFeed<Record<string, ColumnSpec>>({
    ...v1,
    version,
    columns,
    rules: v1.rules.filter((rule) => rule.reads.every((column) => column in columns)),
  });
const v1_1 = variant(
  { ...v1.columns, pallet_count: col.integer('Pallets in the shipment', { required: false, min: 0 }) },
  '1.2.0',
);
const retypedColumns = { ...v1.columns, units: col.decimal('Units in the shipment', { scale: 2, min: 0 }) };
const retyped = variant(retypedColumns, '1.3.0');

const HEADER =
  'shipment_id,order_id,site_id,carrier_id,service_level,shipped_at,promised_delivery_at,delivered_at,status,units,weight_kg,freight_cost,currency';
const row = (id: string, units: string) =>
  `${id},SO-${id},S1,UPS,ground,2026-02-02T08:00:00Z,2026-02-03T17:00:00Z,2026-02-03T12:00:00Z,delivered,${units},10.5,20.00,USD`;

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'opslake-versioning-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function* bytesOf(text: string) {
  yield new TextEncoder().encode(text);
}

describe('the compatibility rule', () => {
  it('classes a new optional column as a minor change', () => {
    expect(compareContracts(v1, v1_1)).toEqual([
      { column: 'pallet_count', change: 'optional column added', bump: 'minor' },
    ]);
    expect(requiredBump(v1, v1_1)).toBe('minor');
    expect(versionProblems(v1, v1_1)).toEqual([]);
  });

  it('classes a retyped column as a major change and refuses a minor version for it', () => {
    expect(requiredBump(v1, retyped)).toBe('major');
    expect(versionProblems(v1, retyped)).toEqual([
      'tms/shipments 1.1.0 → 1.3.0 needs a new major version (units: type changed from integer to decimal(18,2))',
    ]);
    expect(versionProblems(v1, variant(retypedColumns, '2.0.0'))).toEqual([]);
  });

  it('classes dropped columns, new required columns and removed enum values as major', () => {
    const { delivered_at: _dropped, ...rest } = v1.columns;
    expect(requiredBump(v1, variant(rest))).toBe('major');
    const added = variant({ ...v1.columns, dock: col.id('Dock door') });
    expect(compareContracts(v1, added)).toEqual([{ column: 'dock', change: 'required column added', bump: 'major' }]);
    const narrowed = variant({ ...v1.columns, status: col.enum('Shipment status', ['in_transit', 'delivered']) });
    expect(compareContracts(v1, narrowed)).toContainEqual({
      column: 'status',
      change: 'enum values removed: exception, cancelled',
      bump: 'major',
    });
  });
});

describe('files across versions', () => {
  it('loads a v1.1 file (extra optional column) into the v1 table, dropping the column with a warning', async () => {
    const buckets = localBuckets(home);
    const text = `${HEADER},pallet_count\n${row('SH1', '5')},2\n${row('SH2', '7')},\n`;
    await buckets.landing.write('tms/shipments/v11.csv', text);
    const result = await ingestFile({ buckets, key: 'tms/shipments/v11.csv' });
    expect(result).toMatchObject({ outcome: 'loaded', rows_in: 2, rows_valid: 2, rows_rejected: 0 });
    expect(result.warnings).toMatch(/dropped column\(s\) not in contract tms\/shipments@1\.1\.0: pallet_count/);
  });

  it('reads the new column with the v1.1 contract', async () => {
    const text = `${HEADER},pallet_count\n${row('SH1', '5')},2\n${row('SH2', '7')},\n`;
    const schema = rowSchema(v1_1, () => undefined);
    const parsed = [];
    // The records as ingest maps them: scanned, header-matched, raw cells by contract column.
    let decoder: CsvColumnDecoder | undefined;
    for await (const table of scanCsv(bytesOf(text))) {
      for (let r = 0; r < table.count; r++) {
        if (decoder) parsed.push(schema.parse(decoder.rawValues(table, r)));
        else decoder = new CsvColumnDecoder(v1_1, matchHeader(v1_1, recordFields(table, r)).indexOf, () => undefined);
      }
    }
    expect(parsed.map((r) => [r.shipment_id, r.pallet_count])).toEqual([
      ['SH1', 2],
      ['SH2', null],
    ]);
  });

  it('rejects rows of a file whose column was retyped, naming the row, column and rule', async () => {
    const buckets = localBuckets(home);
    await buckets.landing.write('tms/shipments/retyped.csv', `${HEADER}\n${row('SH1', '12.5')}\n${row('SH2', '3')}\n`);
    const result = await ingestFile({ buckets, key: 'tms/shipments/retyped.csv' });
    expect(result).toMatchObject({ outcome: 'partial', rows_in: 2, rows_valid: 1, rows_rejected: 1 });
    expect(result.rejections).toEqual([
      expect.objectContaining({
        file: 'tms/shipments/retyped.csv',
        row: 2,
        column: 'units',
        rule: 'integer_format',
        value: '12.5',
        message: 'expected a whole number, got "12.5"',
      }),
    ]);
  });
});
