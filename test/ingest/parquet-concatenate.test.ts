/**
 * Parquet concatenation (core/parquet/concatenate.ts, thrift-tree.ts), what compaction writes with:
 * a footer read into the Thrift tree writes back to the same bytes; files of one schema become one
 * file whose row groups hold exactly the rows chosen, in order, as parquet-wasm (arrow-rs) reads
 * them; files of another schema, and files that are not Parquet, are refused.
 */
import type * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { concatenateParquet, NotConcatenable, parquetLayout } from '../../functions/core/parquet/concatenate.js';
import { decodeStruct, encodeStruct } from '../../functions/core/parquet/thrift-tree.js';
import { toParquet } from '../../functions/core/parquet/writer.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { parquetRows } from '../support/lake-invariants.js';

const columns: [string, ColumnSpec][] = [
  ['id', col.string('identifier')],
  ['note', col.string('free text', { required: false })],
  ['qty', col.integer('quantity', { required: false })],
  ['cost', col.decimal('money', { scale: 2, required: false })],
  ['kind', col.enum('kind', ['a', 'b'])],
];
type Row = Record<string, string | number | null>;

/** A Parquet file of `rows` as the ingest writes one (one row group at these sizes). */
function file(rows: Row[], cols = columns): Uint8Array {
  const schema = schemaOf(cols);
  const builder = new BatchBuilder(cols, schema, 16);
  const batches: arrow.RecordBatch[] = [];
  for (const row of rows) {
    const full = builder.push(row);
    if (full) batches.push(full);
  }
  const rest = builder.flush();
  if (rest) batches.push(rest);
  return toParquet(schema, batches, { dictionary: ['kind'] });
}

/** A file of three row groups of ten rows: three files concatenated. */
const threeGroups = () =>
  concatenateParquet([{ bytes: file(rows(0, 10)) }, { bytes: file(rows(10, 20)) }, { bytes: file(rows(20, 30)) }]);

const row = (n: number): Row => ({
  id: `ID-${n}`,
  note: n % 3 === 0 ? null : `note ${n}`,
  qty: n % 4 === 0 ? null : n * 7,
  cost: `${n}.${String(n % 100).padStart(2, '0')}`,
  kind: n % 2 === 0 ? 'a' : 'b',
});
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => row(from + i));

const ids = async (bytes: Uint8Array) => (await parquetRows(bytes)).map((r) => r.id);

function footerOf(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(bytes.length - 8, true);
  return bytes.subarray(bytes.length - 8 - length, bytes.length - 8);
}

describe('the Thrift tree', () => {
  it('reads a footer and writes it back byte for byte', () => {
    const footer = footerOf(file(rows(0, 50)));
    const { struct, end } = decodeStruct(footer);
    expect(end).toBe(footer.length);
    expect(Buffer.from(encodeStruct(struct)).equals(Buffer.from(footer))).toBe(true);
  });

  it('refuses a truncated struct', () => {
    const footer = footerOf(file(rows(0, 5)));
    expect(() => decodeStruct(footer.subarray(0, footer.length - 3))).toThrow(/truncated/);
  });
});

describe('concatenateParquet', () => {
  it("keeps every file's row groups, in order, with the same values", async () => {
    const a = threeGroups();
    const b = file(rows(30, 35));
    expect(await ids(a)).toEqual(rows(0, 30).map((r) => r.id));
    const merged = concatenateParquet([{ bytes: a }, { bytes: b }]);
    expect(parquetLayout(merged).rowGroupRows).toEqual([10, 10, 10, 5]);
    expect(await parquetRows(merged)).toEqual([...(await parquetRows(a)), ...(await parquetRows(b))]);
    expect(parquetLayout(merged).shape).toBe(parquetLayout(a).shape);
  });

  it('keeps only the row groups asked for', async () => {
    const merged = concatenateParquet([{ bytes: threeGroups() }, { bytes: file(rows(30, 35)) }]);
    const kept = concatenateParquet([{ bytes: merged, rowGroups: [0, 3] }]);
    expect(parquetLayout(kept).rowGroupRows).toEqual([10, 5]);
    expect(await ids(kept)).toEqual([...rows(0, 10), ...rows(30, 35)].map((r) => r.id));
  });

  it('refuses files of another schema and bytes that are not Parquet', () => {
    const other = file([{ id: 'x', note: null }], columns.slice(0, 2));
    expect(() => concatenateParquet([{ bytes: file(rows(0, 3)) }, { bytes: other }])).toThrow(NotConcatenable);
    expect(() => parquetLayout(new TextEncoder().encode('id,qty\n1,2\n'))).toThrow(NotConcatenable);
    expect(() => concatenateParquet([])).toThrow(NotConcatenable);
  });
});
