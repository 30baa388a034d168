/**
 * The physical-type table against what readers find in the files the ingest writes: a column of
 * every kind (decimals at the precisions where the byte length changes) goes through the batch
 * builder and the Parquet writer, then DuckDB reads the schema elements and types and arrow-rs
 * (parquet-wasm, from the Parquet types alone: the writer embeds no Arrow schema) the Arrow types.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { toParquet } from '../../functions/core/parquet/writer.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { arrowType, duckdbType, type ParquetType, PHYSICAL_TYPES, parquetType } from '../../schemas/physical-types.js';
import { duckdb } from '../support/ingest-fixtures.js';

const columns: [string, ColumnSpec][] = [
  ['text', col.string('s')],
  ['choice', col.enum('e', ['a', 'b'], { required: false })],
  ['whole', col.integer('i', { required: false })],
  ['d1', col.decimal('d', { scale: 0, precision: 1 })],
  ['d9', col.decimal('d', { scale: 2, precision: 9 })],
  ['d10', col.decimal('d', { scale: 0, precision: 10 })],
  ['d12', col.decimal('d', { scale: 3, precision: 12, required: false })],
  ['money', col.money('m')],
  ['d19', col.decimal('d', { scale: 4, precision: 19 })],
  ['d38', col.decimal('d', { scale: 4, precision: 38 })],
  ['flag', col.boolean('b', { required: false })],
  ['day', col.date('d')],
  ['instant', col.timestamp('t', { required: false })],
];
const kinds = new Set(columns.map(([, spec]) => spec.kind));

/** The largest unscaled value a column holds (within safe integers), negated on odd rows. */
const unscaled = (spec: ColumnSpec, row: number) => {
  const v = spec.kind === 'decimal' ? Math.min(10 ** spec.precision - 1, Number.MAX_SAFE_INTEGER) : 0;
  return row % 2 === 0 ? v : -v;
};
const decimalText = (value: number, scale: number) => {
  const digits = Math.abs(value)
    .toString()
    .padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return `${value < 0 ? '-' : ''}${body}`;
};

const dir = mkdtempSync(join(tmpdir(), 'opslake-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schema = schemaOf(columns);
const builder = new BatchBuilder(columns, schema, 16);
for (let row = 0; row < 4; row++) {
  builder.push(
    Object.fromEntries(
      columns.map(([name, spec]) => {
        if (!spec.required && row === 3) return [name, null];
        const values: Record<ColumnSpec['kind'], string | number | boolean> = {
          string: `s${row}`,
          enum: 'b',
          integer: Number.MAX_SAFE_INTEGER - row,
          decimal: unscaled(spec, row),
          boolean: row % 2 === 0,
          date: 20_000 + row,
          timestamp: 1_700_000_000_000_000 + row,
        };
        return [name, values[spec.kind]];
      }),
    ),
  );
}
const bytes = toParquet(schema, [builder.flush() as arrow.RecordBatch]);
const path = join(dir, 'kinds.parquet');
writeFileSync(path, bytes);

/** How DuckDB prints a Parquet logical type (parquet.thrift's struct, as text). */
function duckdbLogical(p: ParquetType): string | null {
  const logical = p.logical;
  if (logical === undefined) return null;
  if (logical.type === 'STRING') return 'StringType()';
  if (logical.type === 'DATE') return 'DateType()';
  if (logical.type === 'DECIMAL') return `DecimalType(scale=${logical.scale}, precision=${logical.precision})`;
  return `TimestampType(isAdjustedToUTC=${logical.isAdjustedToUTC ? 1 : 0}, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>))`;
}

describe('written files carry the physical-type table', () => {
  it('covers every kind of the table', () => {
    expect([...kinds].sort()).toEqual(Object.keys(PHYSICAL_TYPES).sort());
  });

  it('has the Parquet physical type, length and logical type of each kind', async () => {
    const elements = await duckdb(
      `select name, type, type_length, scale::integer as "scale", precision::integer as "precision", logical_type
       from parquet_schema('${path}') where type is not null order by column_id`,
    );
    expect(elements).toEqual(
      columns.map(([name, spec]) => {
        const p = parquetType(spec);
        const decimal = p.logical?.type === 'DECIMAL' ? p.logical : undefined;
        return {
          name,
          type: p.physical,
          type_length: p.typeLength === undefined ? null : String(p.typeLength),
          scale: decimal?.scale ?? null,
          precision: decimal?.precision ?? null,
          logical_type: duckdbLogical(p),
        };
      }),
    );
  });

  it('is read by DuckDB as each kind’s DuckDB type', async () => {
    const described = await duckdb(`describe select * from read_parquet('${path}')`);
    expect(described.map((d) => [d.column_name, String(d.column_type).toLowerCase()])).toEqual(
      columns.map(([name, spec]) => [name, duckdbType(spec)]),
    );
  });

  it('holds each decimal’s extreme values in its byte length', async () => {
    const decimals = columns.filter(([, spec]) => spec.kind === 'decimal');
    const got = await duckdb(
      `select ${decimals.map(([name]) => `${name}::varchar as "${name}"`).join(', ')} from read_parquet('${path}')`,
    );
    expect(got).toEqual(
      [0, 1, 2, 3].map((row) =>
        Object.fromEntries(
          decimals.map(([name, spec]) => [
            name,
            !spec.required && row === 3
              ? null
              : decimalText(unscaled(spec, row), spec.kind === 'decimal' ? spec.scale : 0),
          ]),
        ),
      ),
    );
  });

  it('is read by arrow-rs back into each kind’s Arrow type', () => {
    const table = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
      columns.map(([name, spec]) => [name, String(arrowType(spec)), !spec.required]),
    );
  });
});
