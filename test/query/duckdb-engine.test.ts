import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoFromMicros } from '../../functions/query/duckdb-cells.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { queryAll, queryObjects } from '../../functions/query/engine.js';

describe('DuckDBEngine', () => {
  let engine: DuckDBEngine;
  beforeAll(async () => {
    engine = await DuckDBEngine.open(':memory:');
  });
  afterAll(async () => engine.close());

  it('keeps big integers, decimals, dates and instants exact', async () => {
    const [row] = await queryObjects(
      engine,
      `select 170141183460469231731687303715884105727::hugeint as huge,
              9007199254740993::bigint as big,
              90071992547409.91::decimal(18,2) as money,
              date '2023-12-31' as day,
              timestamptz '2026-03-09 07:30:00.123456+00' as at,
              null::integer as nothing,
              0.5::double as half`,
    );
    expect(row).toEqual({
      huge: 170141183460469231731687303715884105727n,
      big: 9007199254740993n,
      money: '90071992547409.91',
      day: '2023-12-31',
      at: '2026-03-09T07:30:00.123456Z',
      nothing: null,
      half: 0.5,
    });
  });

  it('describes column kinds and decimal scale', async () => {
    const { columns } = await queryAll(
      engine,
      'select 1::integer as i, 2.50::decimal(9,2) as d, true as b, $$x$$ as t',
    );
    expect(columns.map((c) => [c.name, c.kind])).toEqual([
      ['i', 'integer'],
      ['d', 'decimal'],
      ['b', 'boolean'],
      ['t', 'text'],
    ]);
    expect(columns[1]?.scale).toBe(2);
  });

  it('binds parameters instead of splicing them into SQL', async () => {
    const hostile = "S1' or 1=1 --";
    const { rows } = await queryAll(engine, 'select ? as site, ? + 1 as n', [hostile, 41]);
    expect(rows).toEqual([[hostile, 42]]);
  });

  it('streams a large result in many batches', async () => {
    const result = await engine.query('select range as n from range(250000)');
    let batches = 0;
    let sum = 0n;
    for await (const batch of result.batches) {
      batches++;
      for (const [n] of batch) sum += n as bigint;
    }
    expect(batches).toBeGreaterThan(10);
    expect(result.stats.rows).toBe(250000);
    expect(sum).toBe((249999n * 250000n) / 2n);
  });

  it('formats instants before the epoch and with micros', () => {
    expect(isoFromMicros(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoFromMicros(1_000n)).toBe('1970-01-01T00:00:00.001Z');
  });
});
