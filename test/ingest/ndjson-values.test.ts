/**
 * NDJSON values meet the contract as their text (issue 16, item 3): money keeps every digit, an
 * integer written 4.0 is rejected as in CSV, two keys naming one column reject the row as two
 * header cells naming one column reject a CSV, and a line nested past the limit is that line's
 * rejection, not the run's crash.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import { MAX_JSON_DEPTH } from '../../functions/core/json-line.js';
import {
  duckdb,
  put,
  quarantinedRows,
  shipment,
  type TempWorkspace,
  tempWorkspace,
} from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

/** A shipments NDJSON line with `raw` members spliced in as written (numbers stay literals). */
function line(n: number, raw: Record<string, string> = {}): string {
  const members = Object.entries(shipment(n)).map(([k, v]) => `${JSON.stringify(k)}:${raw[k] ?? JSON.stringify(v)}`);
  for (const [k, v] of Object.entries(raw)) if (!(k in shipment(n))) members.push(`${JSON.stringify(k)}:${v}`);
  return `{${members.join(',')}}`;
}

async function ingest(lines: string[]) {
  await put(ws.buckets.landing, 'tms/shipments/f.ndjson', `${lines.join('\n')}\n`);
  const result = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/f.ndjson' });
  const rejected = (await quarantinedRows(ws.buckets)).map((r) => ({ row: r.row, column: r.column, rule: r.rule }));
  return { result, rejected };
}

describe('NDJSON values are read as their text', () => {
  it('money keeps its digits where a float would round them', async () => {
    const { result } = await ingest([
      line(1, { freight_cost: '90071992547409.91' }),
      line(2, { freight_cost: '0.1000000000000000055' }),
      line(3, { freight_cost: '12.5', weight_kg: '0.1' }),
    ]);
    expect(result.outcome).toBe('partial');
    // Read back as text: DuckDB's JavaScript values would put the decimal through a double again.
    const lake = await duckdb(
      `select shipment_id, freight_cost::varchar as cost from read_parquet('${ws.buckets.lake.root}/raw/tms/shipments/**/*.parquet') order by 1`,
    );
    expect(lake.map((r) => [r.shipment_id, r.cost])).toEqual([
      ['SH-1', '90071992547409.91'],
      ['SH-3', '12.50'],
    ]);
    // 0.1000000000000000055 has more decimal places than decimal(18,2): rejected, not rounded to 0.10.
    expect(result.rejections).toMatchObject([{ row: 2, column: 'freight_cost', rule: 'decimal_scale' }]);
  });

  it('integers follow the CSV rules: 4.0 and 1.0000000000000001 are not whole numbers', async () => {
    const { rejected } = await ingest([
      line(1, { units: '4.0' }),
      line(2, { units: '1.0000000000000001' }),
      line(3, { units: '1e1' }),
      line(4, { units: '4' }),
    ]);
    expect(rejected).toEqual([
      { row: 1, column: 'units', rule: 'integer_format' },
      { row: 2, column: 'units', rule: 'integer_format' },
      { row: 3, column: 'units', rule: 'integer_format' },
    ]);
  });

  it('two keys naming one column reject the row, exact or case-variant', async () => {
    const { result, rejected } = await ingest([
      line(1, { units: '5', UNITS: '6' }),
      line(2, { units: '5' }).replace('}', ',"units":7}'),
      line(3, { extra: '1' }),
    ]);
    expect(rejected).toEqual([
      { row: 1, column: null, rule: 'duplicate_column' },
      { row: 2, column: null, rule: 'duplicate_column' },
    ]);
    expect(result.rejections[0]?.message).toBe('keys "units" and "UNITS" both name column units');
    expect(result.rows_valid).toBe(1);
  });

  it('a line nested past the limit is rejected on its own and the rest load', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const { result, rejected } = await ingest([line(1), line(2, { service_level: deep }), line(3)]);
    expect(result.outcome).toBe('partial');
    expect(rejected).toEqual([{ row: 2, column: null, rule: 'json_depth' }]);
    expect(result.rejections[0]?.message).toBe(`values nest deeper than ${MAX_JSON_DEPTH} levels`);
    expect(result.rows_valid).toBe(2);
  });
});
