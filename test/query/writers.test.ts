import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutraliseFormula, writeCsv } from '../../functions/query/csv-writer.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { queryObjects } from '../../functions/query/engine.js';
import { writeJson } from '../../functions/query/json-writer.js';
import { writeParquet, writeResultParquet } from '../../functions/query/parquet-writer.js';
import { writeTable } from '../../functions/query/table-writer.js';
import { stringSink } from '../../functions/query/text-sink.js';

/** Parquet's widest exact integer is DECIMAL(38,0): 38 digits. */
const PARQUET_HUGE = '12345678901234567890123456789012345678';

const python = join(process.cwd(), '.venv', 'bin', 'python');

const EXACT_ROW = `select 170141183460469231731687303715884105727::hugeint as huge,
  90071992547409.91::decimal(18,2) as money, -0.05::decimal(9,2) as small,
  0.1::double as tenth, 'nan'::double as nan, date '2023-12-31' as day,
  timestamptz '2026-03-09 07:30:00.123456+00' as at_utc, null::integer as nothing, true as yes,
  'say "hi"' as quoted`;

describe('result writers', () => {
  let engine: DuckDBEngine;
  let dir: string;
  beforeAll(async () => {
    engine = await DuckDBEngine.open(':memory:');
    dir = await mkdtemp(join(tmpdir(), 'opslake-writers-'));
  });
  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a table with a row limit, the full count, NULL, right-aligned numbers and clipped widths', async () => {
    const sink = stringSink();
    const summary = await writeTable(
      await engine.query(
        `select range as n, case when range = 1 then null else repeat('x', least(range, 3)::int * 30) end as t from range(150000)`,
      ),
      sink,
      { maxRows: 3, maxColumnWidth: 20 },
    );
    expect(summary).toEqual({ rows: 150000, shown: 3 });
    const lines = sink.text.trimEnd().split('\n');
    expect(lines).toEqual([
      'n  t',
      '─  ────────────────────',
      '0',
      '1  NULL',
      `2  ${'x'.repeat(19)}…`,
      '150,000 rows, 3 shown',
    ]);
  });

  it('right-aligns numeric columns to the widest value and counts one row', async () => {
    const sink = stringSink();
    await writeTable(await engine.query(`select * from (values (5, 'a'), (1234, 'bb')) v(num, txt)`), sink);
    expect(sink.text).toBe(' num  txt\n────  ───\n   5  a\n1234  bb\n2 rows\n');
  });

  it('writes CSV per RFC 4180 that DuckDB reads back exactly', async () => {
    const sink = stringSink();
    const rows = await writeCsv(
      await engine.query(`select * from (values (1, 'a,b', 'line1\nline2'), (2, 'say "x"', null)) v(id, a, b)`),
      sink,
    );
    expect(rows).toBe(2);
    expect(sink.text).toBe('id,a,b\r\n1,"a,b","line1\nline2"\r\n2,"say ""x""",\r\n');
    const path = join(dir, 'back.csv');
    await writeFile(path, sink.text);
    const back = await queryObjects(engine, `select * from read_csv(?, header = true, quote = '"', escape = '"')`, [
      path,
    ]);
    expect(back).toEqual([
      { id: 1n, a: 'a,b', b: 'line1\nline2' },
      { id: 2n, a: 'say "x"', b: null },
    ]);
  });

  it('neutralises formula-like text for spreadsheets but leaves numbers alone', async () => {
    expect(['=SUM(A1)', '+1', '-x', '@cmd', 'plain', '\tx'].map(neutraliseFormula)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-x",
      "'@cmd",
      'plain',
      "'\tx",
    ]);
    const sink = stringSink();
    await writeCsv(await engine.query(`select -3 as n, '=HYPERLINK("x")' as t`), sink, { spreadsheetSafe: true });
    expect(sink.text).toBe('\uFEFFn,t\r\n-3,"\'=HYPERLINK(""x"")"\r\n');
  });

  it('writes JSON and NDJSON whose numbers Python reads back exactly', async () => {
    const json = stringSink();
    const ndjson = stringSink();
    await writeJson(await engine.query(`${EXACT_ROW} union all ${EXACT_ROW}`), json, 'json');
    await writeJson(await engine.query(EXACT_ROW), ndjson, 'ndjson');
    expect(ndjson.text.split('\n')).toHaveLength(2);
    const check = `
import json, sys
from decimal import Decimal
for text in sys.stdin.read().split('\\0'):
    data = json.loads(text, parse_float=Decimal) if text.startswith('[') else [json.loads(text, parse_float=Decimal)]
    for row in data:
        assert row['huge'] == 170141183460469231731687303715884105727, row
        assert row['money'] == Decimal('90071992547409.91'), row
        assert row['small'] == Decimal('-0.05'), row
        assert row['tenth'] == Decimal('0.1') and row['nan'] == 'NaN', row
        assert row['day'] == '2023-12-31' and row['at_utc'] == '2026-03-09T07:30:00.123456Z', row
        assert row['nothing'] is None and row['yes'] is True and row['quoted'] == 'say "hi"', row
    print(len(data))`;
    const out = execFileSync(python, ['-c', check], { input: `${json.text}\0${ndjson.text.trim()}` }).toString();
    expect(out.trim().split('\n')).toEqual(['2', '1']);
  });

  it('writes an empty JSON array for no rows', async () => {
    const sink = stringSink();
    await writeJson(await engine.query('select 1 as x where false'), sink, 'json');
    expect(JSON.parse(sink.text)).toEqual([]);
  });

  it('writes Parquet the same way from the warehouse and from streamed rows', async () => {
    const direct = join(dir, 'direct.parquet');
    const streamed = join(dir, 'streamed.parquet');
    const sql = `${EXACT_ROW.replace('170141183460469231731687303715884105727', PARQUET_HUGE)}, ? as param from range(3)`;
    expect(await writeParquet(engine, sql, ['p'], direct)).toBe(3);
    expect(await writeResultParquet(await engine.query(sql, ['p']), streamed)).toBe(3);
    const describe = (path: string) =>
      queryObjects(engine, 'select name, type from parquet_schema(?) where name <> ? order by name', [
        path,
        'duckdb_schema',
      ]);
    expect(await describe(streamed)).toEqual(await describe(direct));
    const [row] = await queryObjects(
      engine,
      'with both_files as (select * from read_parquet(?) union all select * from read_parquet(?)) select (select count(*) from both_files) as n, (select count(*) from (select distinct * from both_files)) as same from (select 1)',
      [direct, streamed],
    );
    expect(row).toEqual({ n: 6n, same: 1n });
    const [back] = await queryObjects(engine, 'select huge, money, at_utc from read_parquet(?) limit 1', [streamed]);
    expect(back).toEqual({
      huge: PARQUET_HUGE,
      money: '90071992547409.91',
      at_utc: '2026-03-09T07:30:00.123456Z',
    });
  });

  it('streams a large CSV export without holding it', async () => {
    const path = join(dir, 'big.csv');
    const { createWriteStream } = await import('node:fs');
    const stream = createWriteStream(path);
    const { streamSink } = await import('../../functions/query/text-sink.js');
    const rows = await writeCsv(
      await engine.query('select range as n, md5(range::varchar) as h from range(300000)'),
      streamSink(stream),
    );
    await new Promise((resolve) => stream.end(resolve));
    expect(rows).toBe(300000);
    const text = await readFile(path, 'utf8');
    expect(text.split('\r\n')).toHaveLength(300002);
  });
});
