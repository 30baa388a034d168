/**
 * The lake's Parquet read back by the engines that will query it — DuckDB and pyarrow (the Arrow
 * C++ reader Athena-adjacent tools use) — with the contract's logical types and exact values.
 * Arrow JS has had decimal and pre-epoch timestamp bugs, so money and old dates are checked exactly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../functions/core/ingest.js';
import { compactLake } from '../../functions/core/partition-compaction.js';
import { readAll } from '../../functions/core/storage/port.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { csv, duckdb, keys, put, shipment, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';
import { parquetRows } from '../support/lake-invariants.js';

const python = join(repoRoot, '.venv', 'bin', 'python');

let ws: TempWorkspace;
let files: string[];
let carrierFiles: string[];
const rows = [
  shipment(0, { freight_cost: '0.01', weight_kg: '0.001' }),
  shipment(2, { freight_cost: '90071992547409.91', units: '9007199254740991' }),
  shipment(4, { freight_cost: '1234.50', shipped_at: '2026-01-01T23:59:59.123456Z' }),
  // Zone-less times are read in the site's zone: 08:00 in Berlin (UTC+1 in January) is 07:00 UTC.
  shipment(6, { shipped_at: '2026-01-02T08:00:00', delivered_at: '', status: 'in_transit' }),
];

beforeAll(async () => {
  ws = await tempWorkspace();
  await put(ws.buckets.landing, 'tms/shipments/types.csv', csv(rows));
  const result = await ingestFile({
    buckets: ws.buckets,
    key: 'tms/shipments/types.csv',
    siteTimezones: new Map([['S1', 'Europe/Berlin']]),
  });
  expect(result.rejections).toEqual([]);
  files = (await keys(ws.buckets.lake, 'raw/tms/shipments/')).map((k) => join(ws.buckets.lake.root, k));
  await put(
    ws.buckets.landing,
    'tms/carriers/c.csv',
    'carrier_id,site_id,carrier_name,mode,contracted_on_time_target,valid_from\nUPS,S1,UPS,parcel,0.9500,1969-12-31\n',
  );
  const carriers = await ingestFile({ buckets: ws.buckets, key: 'tms/carriers/c.csv' });
  expect(carriers.rejections).toEqual([]);
  carrierFiles = (await keys(ws.buckets.lake, 'raw/tms/carriers/')).map((k) => join(ws.buckets.lake.root, k));
});
afterAll(async () => {
  await ws.dispose();
});

describe('DuckDB reads the lake', () => {
  it('with the logical types of the contract', async () => {
    const described = await duckdb(`describe select * from read_parquet(['${files.join("','")}'])`);
    const types = Object.fromEntries(described.map((r) => [r.column_name, r.column_type]));
    expect(types).toMatchObject({
      shipment_id: 'VARCHAR',
      shipped_at: 'TIMESTAMP WITH TIME ZONE',
      units: 'BIGINT',
      weight_kg: 'DECIMAL(18,3)',
      freight_cost: 'DECIMAL(18,2)',
      _source_row: 'BIGINT',
    });
  });

  it('with exact money, big integers and microsecond instants', async () => {
    const got = await duckdb(
      `select shipment_id, freight_cost::varchar as cost, weight_kg::varchar as kg, units::varchar as units,
              strftime(shipped_at, '%Y-%m-%dT%H:%M:%S.%f') as shipped, delivered_at is null as undelivered
       from read_parquet(['${files.join("','")}']) order by shipment_id`,
    );
    expect(got).toEqual([
      {
        shipment_id: 'SH-0',
        cost: '0.01',
        kg: '0.001',
        units: '10',
        shipped: '2026-01-01T08:00:00.000000',
        undelivered: false,
      },
      {
        shipment_id: 'SH-2',
        cost: '90071992547409.91',
        kg: '12.345',
        units: '9007199254740991',
        shipped: '2026-01-03T08:00:00.000000',
        undelivered: false,
      },
      {
        shipment_id: 'SH-4',
        cost: '1234.50',
        kg: '12.345',
        units: '14',
        shipped: '2026-01-01T23:59:59.123456',
        undelivered: false,
      },
      {
        shipment_id: 'SH-6',
        cost: '106.25',
        kg: '12.345',
        units: '16',
        shipped: '2026-01-02T07:00:00.000000',
        undelivered: true,
      },
    ]);
  });
});

describe('pyarrow reads the lake', () => {
  beforeAll(() => {
    expect(existsSync(python), `${python} missing: make deps installs the venv with pyarrow`).toBe(true);
  });

  it('dates as date32, pre-epoch days exact, ratios as decimal128(18,4)', () => {
    const script = `
import json, sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
print(json.dumps({'types': {f.name: str(f.type) for f in t.schema},
  'valid_from': t.column('valid_from')[0].as_py().isoformat(),
  'target': str(t.column('contracted_on_time_target')[0].as_py())}))`;
    const out = JSON.parse(execFileSync(python, ['-c', script, carrierFiles[0] ?? ''], { encoding: 'utf8' }));
    expect(out).toEqual({
      types: expect.objectContaining({ valid_from: 'date32[day]', contracted_on_time_target: 'decimal128(18, 4)' }),
      valid_from: '1969-12-31',
      target: '0.9500',
    });
  });

  it('with timestamp[us, tz=UTC], decimal128(18,2), string, int64 and exact values', () => {
    const script = `
import json, sys, pyarrow.parquet as pq, pyarrow as pa
t = pa.concat_tables([pq.read_table(f) for f in sys.argv[1:]]).sort_by('shipment_id')
print(json.dumps({
  'types': {f.name: str(f.type) for f in t.schema},
  'cost': [str(v) for v in t.column('freight_cost').to_pylist()],
  'shipped': [v.isoformat() for v in t.column('shipped_at').to_pylist()],
}))`;
    const out = JSON.parse(execFileSync(python, ['-c', script, ...files], { encoding: 'utf8' })) as {
      types: Record<string, string>;
      cost: string[];
      shipped: string[];
    };
    expect(out.types).toMatchObject({
      shipment_id: 'string',
      shipped_at: 'timestamp[us, tz=UTC]',
      freight_cost: 'decimal128(18, 2)',
      weight_kg: 'decimal128(18, 3)',
      units: 'int64',
      _ingested_at: 'timestamp[us, tz=UTC]',
    });
    expect(out.cost).toEqual(['0.01', '90071992547409.91', '1234.50', '106.25']);
    expect(out.shipped).toEqual([
      '2026-01-01T08:00:00+00:00',
      '2026-01-03T08:00:00+00:00',
      '2026-01-01T23:59:59.123456+00:00',
      '2026-01-02T07:00:00+00:00',
    ]);
  });
});

describe('a compacted file (opslake compact) reads back the same', () => {
  let compactWs: TempWorkspace;
  /** Every shipment file of the lake read by pyarrow: each row's values as text, sorted. */
  const pyarrowRows = async () => {
    const lakeFiles = (await keys(compactWs.buckets.lake, 'raw/tms/shipments/')).map((k) =>
      join(compactWs.buckets.lake.root, k),
    );
    const script = `
import json, sys, pyarrow.parquet as pq, pyarrow as pa
files = [pq.ParquetFile(f) for f in sys.argv[1:]]
t = pa.concat_tables([f.read() for f in files]).sort_by([('shipment_id', 'ascending'), ('_source_key', 'ascending')])
print(json.dumps({'rows': [{k: str(v) for k, v in r.items()} for r in t.to_pylist()],
  'types': {f.name: str(f.type) for f in t.schema},
  'row_groups': sum(f.metadata.num_row_groups for f in files), 'files': len(files)}))`;
    return JSON.parse(execFileSync(python, ['-c', script, ...lakeFiles], { encoding: 'utf8' })) as {
      rows: Record<string, string>[];
      types: Record<string, string>;
      row_groups: number;
      files: number;
    };
  };

  beforeAll(async () => {
    compactWs = await tempWorkspace();
    const siteTimezones = new Map([['S1', 'Europe/Berlin']]);
    await put(compactWs.buckets.landing, 'tms/shipments/types.csv', csv(rows));
    await ingestFile({ buckets: compactWs.buckets, key: 'tms/shipments/types.csv', siteTimezones });
    // Same partitions (site S1, days 1 to 3), another file.
    const more = [
      shipment(12, { freight_cost: '0.99' }),
      shipment(14),
      shipment(16, { delivered_at: '', status: 'in_transit' }),
    ];
    await put(compactWs.buckets.landing, 'tms/shipments/more.csv', csv(more));
    await ingestFile({ buckets: compactWs.buckets, key: 'tms/shipments/more.csv', siteTimezones });
  });
  afterAll(async () => {
    await compactWs.dispose();
  });

  it('pyarrow and arrow-rs read the same rows and types from fewer files; row groups are kept', async () => {
    const before = await pyarrowRows();
    expect(before.rows).toHaveLength(7);
    const report = await compactLake(compactWs.buckets.lake);
    expect(report.filesAfter).toBeLessThan(report.filesBefore);
    const after = await pyarrowRows();
    expect(after.files).toBe(report.filesAfter);
    expect(after.rows).toEqual(before.rows);
    expect(after.types).toEqual(before.types);
    expect(after.row_groups).toBe(before.row_groups);
    // arrow-rs (parquet-wasm) over every file left, compacted ones included: the same rows.
    const left = await keys(compactWs.buckets.lake, 'raw/tms/shipments/');
    expect(left.some((k) => k.includes('/compacted-'))).toBe(true);
    const arrowRs: string[] = [];
    for (const key of left) {
      for (const row of await parquetRows(await readAll(compactWs.buckets.lake, key)))
        arrowRs.push(`${row.shipment_id} ${row._source_key}`);
    }
    expect(arrowRs.sort()).toEqual(before.rows.map((r) => `${r.shipment_id} ${r._source_key}`).sort());
  });
});
