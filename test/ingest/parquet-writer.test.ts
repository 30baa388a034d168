/**
 * The Parquet writer, read back by three independent readers — DuckDB, pyarrow (Arrow C++) and
 * parquet-wasm (arrow-rs) — on every type, nulls, constant and categorical columns, page and
 * row-group boundaries and sliced Arrow data. Expected values are computed here from the same
 * generator, never taken from the writer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { ROW_GROUP_ROWS, toParquet } from '../../functions/core/parquet/writer.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { duckdb } from '../support/ingest-fixtures.js';

const python = join(repoRoot, '.venv', 'bin', 'python');
const dir = mkdtempSync(join(tmpdir(), 'opslake-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns: [string, ColumnSpec][] = [
  ['n', col.integer('row number')],
  ['id', col.string('identifier')],
  ['kind', col.enum('category', ['a', 'bb', 'ccc'], { required: false })],
  ['note', col.string('free text', { required: false })],
  ['source', col.string('one value per file')],
  ['qty', col.integer('signed quantity', { required: false })],
  ['batch', col.integer('one value per file')],
  ['happened_at', col.timestamp('instant')],
  ['due_on', col.date('calendar day', { required: false })],
  ['cost', col.decimal('money', { scale: 2, required: false })],
  ['big', col.decimal('wide decimal', { scale: 4, precision: 38 })],
  ['flag', col.boolean('flag', { required: false })],
];
const schema = schemaOf(columns, new Map([['opslake.feed', 'test/parquet']]));
const layout = { dictionary: ['kind'], withoutStatistics: ['id', 'note'] };
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

type Row = Record<string, string | number | boolean | null>;

/** Row `i`, in the normalised form BatchBuilder takes (decimals unscaled, instants µs, days). */
function row(i: number): Row {
  return {
    n: i,
    id: `ID-${i}`,
    kind: i % 9 === 4 ? null : (['a', 'bb', 'ccc'][i % 3] as string),
    note: i % 1000 === 1 ? `long ${'é✓'.repeat(20)} ${i}` : i % 7 === 0 ? `n${i}` : null,
    source: 'wms/order_events/x.csv',
    qty: i % 13 === 0 ? null : i === 5 ? MAX_SAFE : i === 6 ? -MAX_SAFE : (i % 11) - 5,
    batch: 42,
    // From 1969-12-29 (before the epoch) in steps of just over a second, with microseconds.
    happened_at: -3 * 86_400_000_000 + i * 1_000_003,
    due_on: i % 10 === 3 ? null : (i % 400) - 200,
    cost: i % 17 === 0 ? null : ((i * 7919) % 200_001) - 100_000,
    big: i * 12_345 - 1_000_000_000,
    flag: i % 5 === 0 ? null : i % 3 === 0,
  };
}

function batchesOf(rows: number, batchRows = 65_536): arrow.RecordBatch[] {
  const builder = new BatchBuilder(columns, schema, batchRows);
  const batches: arrow.RecordBatch[] = [];
  for (let i = 0; i < rows; i++) {
    const batch = builder.push(row(i));
    if (batch) batches.push(batch);
  }
  const last = builder.flush();
  if (last) batches.push(last);
  return batches;
}

function write(name: string, batches: arrow.RecordBatch[], s = schema): string {
  const path = join(dir, name);
  writeFileSync(path, toParquet(s, batches, layout));
  return path;
}

const decimal = (unscaled: number, scale: number) => {
  const digits = Math.abs(unscaled)
    .toString()
    .padStart(scale + 1, '0');
  return `${unscaled < 0 ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};
const instant = (micros: number) => {
  const seconds = Math.floor(micros / 1e6);
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros - seconds * 1e6).padStart(6, '0')}`;
};
const day = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/** Row `i` as text, the way both readers below are asked to print it. */
function expectedText(i: number): (string | null)[] {
  const r = row(i);
  const text = (v: unknown, f: (x: never) => string = String) => (v === null ? null : f(v as never));
  return [
    String(r.n),
    r.id as string,
    r.kind as string | null,
    r.note as string | null,
    r.source as string,
    text(r.qty),
    String(r.batch),
    instant(r.happened_at as number),
    text(r.due_on, day),
    text(r.cost, (v: number) => decimal(v, 2)),
    decimal(r.big as number, 4),
    text(r.flag),
  ];
}

describe('a small file with every type', () => {
  const rows = 2_000;
  // Small batches: the file is made of many, and values cross batch boundaries.
  const path = write('small.parquet', batchesOf(rows, 300));

  it('is read back exactly by DuckDB', async () => {
    const got = await duckdb(
      `select n::varchar as "n", id, kind, note, source, qty::varchar as "qty", batch::varchar as "batch",
              strftime(happened_at, '%Y-%m-%dT%H:%M:%S.%f') as "happened_at", due_on::varchar as "due_on", cost::varchar as "cost",
              big::varchar as "big", flag::varchar as "flag"
       from read_parquet('${path}') order by n::bigint`,
    );
    expect(got.map((r) => Object.values(r))).toEqual(Array.from({ length: rows }, (_, i) => expectedText(i)));
  });

  it('is read back exactly by pyarrow, with the logical types', () => {
    expect(existsSync(python), `${python} missing: make deps installs the venv with pyarrow`).toBe(true);
    const script = `
import json, sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
def text(name, v):
    if v is None: return None
    if name == 'happened_at': return v.strftime('%Y-%m-%dT%H:%M:%S.%f')
    if name == 'due_on': return v.isoformat()
    if name == 'flag': return str(v).lower()
    return str(v)
rows = [[text(name, v) for name, v in r.items()] for r in t.to_pylist()]
print(json.dumps({'types': {f.name: str(f.type) for f in t.schema}, 'rows': rows}))`;
    const out = JSON.parse(execFileSync(python, ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    expect(out.types).toEqual({
      n: 'int64',
      id: 'string',
      kind: 'string',
      note: 'string',
      source: 'string',
      qty: 'int64',
      batch: 'int64',
      happened_at: 'timestamp[us, tz=UTC]',
      due_on: 'date32[day]',
      cost: 'decimal128(18, 2)',
      big: 'decimal128(38, 4)',
      flag: 'bool',
    });
    expect(out.rows).toEqual(Array.from({ length: rows }, (_, i) => expectedText(i)));
  });

  it('is read back by parquet-wasm (arrow-rs)', () => {
    const table = arrow.tableFromIPC(
      parquet.readParquet(new Uint8Array(toParquet(schema, batchesOf(rows, 300), layout))).intoIPCStream(),
    );
    expect(table.numRows).toBe(rows);
    const ids = table.getChild('id')?.toArray() as string[];
    const qty = table.getChild('qty');
    const flags = table.getChild('flag');
    for (const i of [0, 5, 6, 13, 299, 300, 1_999]) {
      expect(ids[i]).toBe(`ID-${i}`);
      const q = qty?.get(i);
      expect(q === null ? null : Number(q)).toBe(row(i).qty);
      expect(flags?.get(i)).toBe(row(i).flag);
    }
  });

  it('encodes constant and categorical columns with a dictionary, the rest PLAIN', async () => {
    const meta = await duckdb(
      `select path_in_schema, encodings from parquet_metadata('${path}') where row_group_id = 0`,
    );
    const encodings = Object.fromEntries(meta.map((m) => [m.path_in_schema, m.encodings]));
    for (const name of ['kind', 'source', 'batch']) expect(encodings[name], name).toContain('RLE_DICTIONARY');
    for (const name of ['n', 'id', 'note', 'qty', 'happened_at', 'due_on', 'cost', 'big', 'flag']) {
      expect(encodings[name], name).not.toContain('DICTIONARY');
    }
  });
});

describe('a file of several row groups and pages', () => {
  const rows = ROW_GROUP_ROWS + 70_000;
  const path = write('large.parquet', batchesOf(rows));

  it('holds every row: counts and sums match the generator', async () => {
    let qtyCount = 0;
    let qtySum = 0n;
    let costSum = 0n;
    let trueFlags = 0;
    let notes = 0;
    let idBytes = 0;
    for (let i = 0; i < rows; i++) {
      const r = row(i);
      idBytes += (r.id as string).length;
      if (r.qty !== null) {
        qtyCount++;
        qtySum += BigInt(r.qty as number);
      }
      if (r.cost !== null) costSum += BigInt(r.cost as number);
      if (r.flag === true) trueFlags++;
      if (r.note !== null) notes++;
    }
    const [got] = await duckdb(
      `select count(*)::varchar as "n", count(qty)::varchar as "qty_count", sum(qty)::varchar as "qty_sum",
              (sum(cost) * 100)::bigint::varchar as "cost_sum", count(*) filter (where flag)::varchar as "true_flags",
              count(note)::varchar as "notes", count(distinct kind)::varchar as "kinds", sum(n)::varchar as "n_sum",
              count(distinct id)::varchar as "ids", sum(length(id))::varchar as "id_bytes"
       from read_parquet('${path}')`,
    );
    expect(got).toEqual({
      n: String(rows),
      qty_count: String(qtyCount),
      qty_sum: String(qtySum),
      cost_sum: String(costSum),
      true_flags: String(trueFlags),
      notes: String(notes),
      kinds: '3',
      n_sum: String((BigInt(rows) * BigInt(rows - 1)) / 2n),
      ids: String(rows),
      id_bytes: String(idBytes),
    });
  });

  it('cuts row groups of at most ROW_GROUP_ROWS rows, each with true min/max statistics', async () => {
    const groups = await duckdb(
      `select row_group_id, row_group_num_rows::integer as "rows", stats_min_value as "min", stats_max_value as "max", stats_null_count::integer as "nulls"
       from parquet_metadata('${path}') where path_in_schema = 'qty' order by row_group_id`,
    );
    expect(groups.length).toBeGreaterThan(1);
    let first = 0;
    for (const group of groups) {
      const count = group.rows as number;
      expect(count).toBeLessThanOrEqual(ROW_GROUP_ROWS);
      const values = Array.from({ length: count }, (_, k) => row(first + k).qty);
      const present = values.filter((v): v is number => v !== null);
      expect(group).toMatchObject({
        min: String(present.reduce((a, b) => Math.min(a, b))),
        max: String(present.reduce((a, b) => Math.max(a, b))),
        nulls: count - present.length,
      });
      first += count;
    }
    expect(first).toBe(rows);
  });

  it('keeps no min/max for the columns the layout names, and a null count for all', async () => {
    const meta = await duckdb(
      `select path_in_schema as "name", stats_min_value as "min", stats_null_count as "nulls"
       from parquet_metadata('${path}') where row_group_id = 0`,
    );
    const byName = Object.fromEntries(meta.map((m) => [m.name, m]));
    expect(byName.id?.min).toBeNull();
    expect(byName.note?.min).toBeNull();
    expect(byName.kind?.min).toBe('a');
    expect(byName.happened_at?.min).not.toBeNull();
    for (const m of meta) expect(m.nulls, String(m.name)).not.toBeNull();
  });
});

describe('edge shapes', () => {
  it('an empty file keeps the schema and holds no rows', async () => {
    const path = write('empty.parquet', []);
    const described = await duckdb(`describe select * from read_parquet('${path}')`);
    expect(described.map((d) => [d.column_name, d.column_type])).toEqual([
      ['n', 'BIGINT'],
      ['id', 'VARCHAR'],
      ['kind', 'VARCHAR'],
      ['note', 'VARCHAR'],
      ['source', 'VARCHAR'],
      ['qty', 'BIGINT'],
      ['batch', 'BIGINT'],
      ['happened_at', 'TIMESTAMP WITH TIME ZONE'],
      ['due_on', 'DATE'],
      ['cost', 'DECIMAL(18,2)'],
      ['big', 'DECIMAL(38,4)'],
      ['flag', 'BOOLEAN'],
    ]);
    expect(await duckdb(`select count(*)::integer n from read_parquet('${path}')`)).toEqual([{ n: 0 }]);
  });

  it('sliced Arrow data (offsets into shared buffers) is written from its own rows', async () => {
    const table = new arrow.Table({
      name: arrow.vectorFromArray(['a', null, 'c', 'd', null, 'f', 'g', 'h', 'i', 'j', 'k'], new arrow.Utf8()),
      ok: arrow.vectorFromArray(
        [true, false, null, true, true, false, null, true, false, true, true],
        new arrow.Bool(),
      ),
      v: arrow.vectorFromArray([1n, 2n, 3n, null, 5n, 6n, 7n, 8n, 9n, 10n, 11n], new arrow.Int64()),
    });
    const sliced = table.slice(3, 10);
    const path = join(dir, 'sliced.parquet');
    writeFileSync(path, toParquet(sliced.schema, sliced.batches));
    const got = await duckdb(`select name, ok::varchar as "ok", v::varchar as "v" from read_parquet('${path}')`);
    expect(got).toEqual([
      { name: 'd', ok: 'true', v: null },
      { name: null, ok: 'true', v: '5' },
      { name: 'f', ok: 'false', v: '6' },
      { name: 'g', ok: null, v: '7' },
      { name: 'h', ok: 'true', v: '8' },
      { name: 'i', ok: 'false', v: '9' },
      { name: 'j', ok: 'true', v: '10' },
    ]);
  });

  it('a single batch larger than a row group is cut into row groups of at most ROW_GROUP_ROWS', async () => {
    const rows = 2 * ROW_GROUP_ROWS + 1_000;
    const table = arrow.tableFromArrays({ v: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i)) });
    expect(table.batches.length).toBe(1);
    const path = join(dir, 'one-big-batch.parquet');
    writeFileSync(path, toParquet(table.schema, table.batches));
    const groups = await duckdb(
      `select row_group_num_rows::integer as "rows", stats_min_value as "min", stats_max_value as "max"
       from parquet_metadata('${path}') order by row_group_id`,
    );
    expect(groups).toEqual([
      { rows: ROW_GROUP_ROWS, min: '0', max: String(ROW_GROUP_ROWS - 1) },
      { rows: ROW_GROUP_ROWS, min: String(ROW_GROUP_ROWS), max: String(2 * ROW_GROUP_ROWS - 1) },
      { rows: 1_000, min: String(2 * ROW_GROUP_ROWS), max: String(rows - 1) },
    ]);
    expect(await duckdb(`select sum(v)::varchar as "sum" from read_parquet('${path}')`)).toEqual([
      { sum: String((BigInt(rows) * BigInt(rows - 1)) / 2n) },
    ]);
  });

  it('refuses an Arrow type it does not encode, naming the column', () => {
    const table = arrow.tableFromArrays({ ratio: new Float64Array([0.5]) });
    expect(() => toParquet(table.schema, table.batches)).toThrow(/column ratio has Arrow type Float64/);
  });
});
