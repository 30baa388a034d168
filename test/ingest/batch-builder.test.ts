/**
 * BatchBuilder's memory savers. Column vectors reused between batches (VectorPool): a batch built
 * on recycled vectors holds exactly its own rows — no value, null or string tail of the batches
 * the vectors held before. Constant columns (setConstant): written once per batch, read in every row.
 */
import type * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { BatchBuilder, VectorPool } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';

const columns: [string, ColumnSpec][] = [
  ['id', col.string('identifier')],
  ['note', col.string('free text', { required: false })],
  ['qty', col.integer('quantity', { required: false })],
  ['flag', col.boolean('flag', { required: false })],
  ['cost', col.decimal('money', { scale: 2, required: false })],
];
const schema = schemaOf(columns);
type Row = Record<string, string | number | boolean | null>;

/** The first Arrow data chunk of a column, failing the test if the batch lacks it. */
function columnData(batch: arrow.RecordBatch | undefined, name: string): arrow.Data {
  const data = batch?.getChild(name)?.data[0];
  if (data === undefined) throw new Error(`no column ${name} in the batch`);
  return data;
}

function build(builder: BatchBuilder, rows: Row[]): arrow.RecordBatch[] {
  const batches: arrow.RecordBatch[] = [];
  for (const row of rows) {
    const batch = builder.push(row);
    if (batch) batches.push(batch);
  }
  const last = builder.flush();
  if (last) batches.push(last);
  return batches;
}

const read = (batches: arrow.RecordBatch[]) =>
  batches.flatMap((batch) =>
    Array.from({ length: batch.numRows }, (_, i) => ({
      id: batch.getChild('id')?.get(i),
      note: batch.getChild('note')?.get(i),
      qty: batch.getChild('qty')?.get(i) === null ? null : Number(batch.getChild('qty')?.get(i)),
      flag: batch.getChild('flag')?.get(i),
    })),
  );

describe('VectorPool', () => {
  it('a batch on recycled vectors reads back only its own rows', () => {
    const pool = new VectorPool(1 << 20);
    const first = new BatchBuilder(columns, schema, 256, pool);
    const before: Row[] = Array.from({ length: 256 }, (_, i) => ({
      id: `a-long-identifier-${i}-${'x'.repeat(40)}`,
      note: `note ${i}`,
      qty: 1_000 + i,
      flag: true,
      cost: 99_999,
    }));
    const old = build(first, before);
    const oldBuffer = columnData(old[0], 'id').values.buffer;
    first.recycle();
    first.shrink();

    const second = new BatchBuilder(columns, schema, 256, pool);
    const after: Row[] = Array.from({ length: 256 }, (_, i) => ({
      id: `b${i}`,
      note: i % 2 === 0 ? null : `n${i}`,
      qty: i % 3 === 0 ? null : i,
      flag: i % 5 === 0 ? null : false,
      cost: i % 7 === 0 ? null : i,
    }));
    const batches = build(second, after);
    // The second builder wrote into the first one's buffers…
    expect(columnData(batches[0], 'id').values.buffer).toBe(oldBuffer);
    // …and reads back exactly its own rows.
    expect(read(batches)).toEqual(after.map(({ id, note, qty, flag }) => ({ id, note, qty, flag })));
    expect(batches[0]?.getChild('note')?.nullCount).toBe(128);
  });

  it('keeps no more row slots than its limit, and a builder without a pool recycles nothing', () => {
    const pool = new VectorPool(300);
    const builder = new BatchBuilder(columns, schema, 256, pool);
    build(
      builder,
      Array.from({ length: 512 }, (_, i) => ({ id: `r${i}`, note: null, qty: i, flag: null, cost: null })),
    );
    builder.recycle();
    expect(pool.take(256)).toBeDefined();
    // 256 of 300 slots were held; the second set of 256 did not fit.
    expect(pool.take(256)).toBeUndefined();

    const unpooled = new BatchBuilder(columns, schema, 256);
    build(unpooled, [{ id: 'x', note: null, qty: 1, flag: true, cost: 1 }]);
    expect(() => unpooled.recycle()).not.toThrow();
  });
});

describe('BatchBuilder.setConstant', () => {
  const withLineage: [string, ColumnSpec][] = [
    ['id', col.string('identifier')],
    ['source', col.string('file', { required: false })],
    ['at', col.timestamp('ingested')],
  ];
  const lineageSchema = schemaOf(withLineage);

  it('every row of every batch reads the constant, whether or not its write skipped the column', () => {
    const builder = new BatchBuilder(withLineage, lineageSchema, 512);
    const source = 'wms/order_events/2026-01-01.csv';
    const at = 1_767_225_600_123_456;
    builder.setConstant('source', new TextEncoder().encode(source));
    builder.setConstant('at', at);
    const batches: arrow.RecordBatch[] = [];
    for (let i = 0; i < 1_300; i++) {
      let batch: arrow.RecordBatch | undefined;
      if (i % 2 === 0) {
        // The row path writes every column, here a different value the constant replaces.
        batch = builder.push({ id: `r${i}`, source: 'other', at: 0 });
      } else {
        // The cell path writes only the columns that vary.
        builder.columns[0]?.setString(builder.pending, `r${i}`);
        batch = builder.commit();
      }
      if (batch) batches.push(batch);
    }
    const last = builder.flush();
    if (last) batches.push(last);
    expect(batches.map((b) => b.numRows)).toEqual([256, 512, 512, 20]);
    let i = 0;
    for (const batch of batches) {
      for (let r = 0; r < batch.numRows; r++, i++) {
        expect(batch.getChild('id')?.get(r)).toBe(`r${i}`);
        expect(batch.getChild('source')?.get(r)).toBe(source);
        // The raw int64 µs (the Arrow getter converts timestamps to milliseconds).
        expect((columnData(batch, 'at').values as BigInt64Array)[r]).toBe(BigInt(at));
      }
      expect(batch.getChild('source')?.nullCount).toBe(0);
    }
    expect(i).toBe(1_300);
  });

  it('names an unknown column', () => {
    const builder = new BatchBuilder(withLineage, lineageSchema);
    expect(() => builder.setConstant('nope', 1)).toThrow(/no column nope/);
  });
});
