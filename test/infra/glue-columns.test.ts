import { describe, expect, it } from 'vitest';
import {
  auditProjectionParameters,
  glueColumns,
  glueColumnsOf,
  rawProjectionParameters,
} from '../../schemas/codegen/glue.js';
import { col, defineFeed } from '../../schemas/contract.js';
import { LINEAGE_COLUMNS } from '../../schemas/lineage.js';
import { glueType } from '../../schemas/physical-types.js';

const feed = (columns: Parameters<typeof defineFeed>[0]['columns']) =>
  defineFeed({
    system: 'wms',
    feed: 'probe',
    version: '1.0.0',
    description: 'test feed',
    cadence: 'daily',
    columns: { site_id: col.id('site'), day: col.date('day'), ...columns },
    primaryKey: ['site_id'],
    partitionBy: { site: 'site_id', date: 'day' },
  });

describe('glueType', () => {
  it('maps every contract column kind to the Hive type of what the writer puts in Parquet', () => {
    expect(glueType(col.string('s'))).toBe('string');
    expect(glueType(col.enum('e', ['a', 'b']))).toBe('string');
    expect(glueType(col.integer('i'))).toBe('bigint');
    expect(glueType(col.money('m'))).toBe('decimal(18,2)');
    expect(glueType(col.decimal('d', { scale: 3, precision: 12 }))).toBe('decimal(12,3)');
    expect(glueType(col.boolean('b'))).toBe('boolean');
    expect(glueType(col.date('d'))).toBe('date');
    expect(glueType(col.timestamp('t'))).toBe('timestamp');
  });
});

describe('glueColumns', () => {
  it('lists the contract columns in order, then the lineage columns', () => {
    const columns = glueColumns(feed({ qty: col.integer('Quantity', { unit: 'units' }) }));
    expect(columns.map((c) => c.name)).toEqual(['site_id', 'day', 'qty', ...Object.keys(LINEAGE_COLUMNS)]);
    expect(columns.find((c) => c.name === '_ingested_at')?.type).toBe('timestamp');
    expect(columns.find((c) => c.name === '_source_row')?.type).toBe('bigint');
  });

  it('documents columns from the contract: description, unit and allowed values', () => {
    const [, , qty, status] = glueColumns(
      feed({ qty: col.integer('Quantity picked', { unit: 'units' }), status: col.enum('State', ['open', 'done']) }),
    );
    expect(qty?.comment).toBe('Quantity picked Unit: units.');
    expect(status?.comment).toBe('State One of: open, done.');
  });

  it('cuts comments to the 255 characters Glue accepts', () => {
    const [column] = glueColumnsOf({ long: col.string('x'.repeat(400)) });
    expect(column?.comment).toHaveLength(255);
  });

  it('refuses a column that would shadow a partition key', () => {
    expect(() => glueColumns(feed({ dt: col.string('a column named like the day partition') }))).toThrow(/dt collides/);
  });
});

describe('partition projection', () => {
  it('projects site as an enum and dt as a day range onto the lake layout', () => {
    const params = rawProjectionParameters('s3://lake/raw/wms/probe/', ['S1', 'S2'], '2024-06-01');
    expect(params).toEqual({
      'projection.enabled': 'true',
      'projection.site.type': 'enum',
      'projection.site.values': 'S1,S2',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2024-06-01,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'storage.location.template': `s3://lake/raw/wms/probe/site=\${site}/dt=\${dt}/`,
    });
  });

  it('rejects site ids that are not the same in the lake path', () => {
    expect(() => rawProjectionParameters('s3://lake/raw/x/y/', ['Site 1'])).toThrow(/URL-safe/);
    expect(() => rawProjectionParameters('s3://lake/raw/x/y/', [])).toThrow(/at least one site/);
    expect(() => rawProjectionParameters('s3://lake/raw/x/y/', ['S1'], '2024-6-1')).toThrow(/yyyy-MM-dd/);
  });

  it('projects only dt for the audit table', () => {
    const params = auditProjectionParameters('s3://lake/audit/ingest_files/');
    expect(params['storage.location.template']).toBe(`s3://lake/audit/ingest_files/dt=\${dt}/`);
    expect(Object.keys(params).some((key) => key.includes('site'))).toBe(false);
  });
});
