import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { AUDIT_COLUMNS, AUDIT_TABLE_NAME } from '../../schemas/audit.js';
import { rawTableName } from '../../schemas/codegen/dbt-sources.js';
import { glueColumns, glueColumnsOf } from '../../schemas/codegen/glue.js';
import { contracts } from '../../schemas/index.js';
import { QUARANTINE_ROW_COLUMNS, QUARANTINE_ROWS_TABLE_NAME } from '../../schemas/quarantine.js';
import { resourcesOfType, synthOpslake, TEST_SITES } from './synth.js';

interface TableInput {
  Name: string;
  TableType: string;
  Parameters: Record<string, unknown>;
  PartitionKeys: { Name: string; Type: string }[];
  StorageDescriptor: {
    Columns: { Name: string; Type: string; Comment: string }[];
    Location: unknown;
    SerdeInfo: { SerializationLibrary: string };
  };
}

describe('RawCatalog', () => {
  const { stack, template } = synthOpslake();
  const tables = Object.values(resourcesOfType(template, 'AWS::Glue::Table')).map(
    (table) => table.Properties?.TableInput as TableInput,
  );
  const tableNamed = (name: string): TableInput => {
    const table = tables.find((t) => t.Name === name);
    if (!table) throw new Error(`no Glue table ${name}`);
    return table;
  };
  const lakeRef = { Ref: logicalIdOf(stack.storage.lake) };

  it('creates one raw table per registered contract, plus the audit and quarantined-rows tables', () => {
    expect(tables).toHaveLength(contracts.length + 2);
    expect(tables.map((t) => t.Name).sort()).toEqual(
      [...contracts.map(rawTableName), AUDIT_TABLE_NAME, QUARANTINE_ROWS_TABLE_NAME].sort(),
    );
  });

  it('puts every table in the opslake_raw database', () => {
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'opslake_raw' } });
    for (const table of Object.values(resourcesOfType(template, 'AWS::Glue::Table'))) {
      expect(table.Properties?.DatabaseName).toBe('opslake_raw');
    }
  });

  it('does not project reference/actions on opened_on, so actions opened before the projection start stay visible', () => {
    const actions = contracts.find((c) => c.id === 'reference/actions');
    expect(actions?.partitionBy.date).toBe('opened_on');
    expect(tableNamed(rawTableName(actions as (typeof contracts)[number])).PartitionKeys).toEqual([]);
  });

  it.each(contracts.map((c) => [c.id, c] as const))(
    'generates the columns of %s from its contract',
    (_id, contract) => {
      const table = tableNamed(rawTableName(contract));
      expect(table.StorageDescriptor.Columns).toEqual(
        glueColumns(contract).map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
      );
      expect(table.PartitionKeys.map((k) => [k.Name, k.Type])).toEqual(
        contract.athenaPartitions === 'projected'
          ? [
              ['site', 'string'],
              ['dt', 'string'],
            ]
          : [],
      );
      // An unpartitioned table has no projection: Athena reads every file under its location.
      expect(table.Parameters['projection.enabled']).toBe(
        contract.athenaPartitions === 'projected' ? 'true' : undefined,
      );
      expect(table.TableType).toBe('EXTERNAL_TABLE');
      expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
    },
  );

  it('types money as decimal(18,2), counts as bigint and instants as timestamp', () => {
    const columns = new Map(tableNamed('tms_shipments').StorageDescriptor.Columns.map((c) => [c.Name, c.Type]));
    expect(columns.get('freight_cost')).toBe('decimal(18,2)');
    expect(columns.get('weight_kg')).toBe('decimal(18,3)');
    expect(columns.get('units')).toBe('bigint');
    expect(columns.get('shipped_at')).toBe('timestamp');
    expect(columns.get('_ingested_at')).toBe('timestamp');
  });

  it('projects partitions onto the lake layout instead of crawling', () => {
    const table = tableNamed('tms_shipments');
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.site.type': 'enum',
      'projection.site.values': TEST_SITES.join(','),
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      classification: 'parquet',
    });
    expect(JSON.stringify(table.Parameters['storage.location.template'])).toContain(
      `/raw/tms/shipments/site=\${site}/dt=\${dt}/`,
    );
    expect(JSON.stringify(table.StorageDescriptor.Location)).toContain(JSON.stringify(lakeRef));
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });

  it('catalogs the ingest audit log with the columns the audit writer uses', () => {
    const audit = tableNamed(AUDIT_TABLE_NAME);
    expect(audit.StorageDescriptor.Columns.map((c) => c.Name)).toEqual(Object.keys(AUDIT_COLUMNS));
    expect(audit.StorageDescriptor.Columns.find((c) => c.Name === 'started_at')?.Type).toBe('timestamp');
    expect(audit.PartitionKeys.map((k) => k.Name)).toEqual(['dt']);
    expect(JSON.stringify(audit.Parameters['storage.location.template'])).toContain(`/audit/ingest_files/dt=\${dt}/`);
  });

  it('catalogs the quarantined rows: NDJSON under the quarantine bucket rows/, columns as the ingest writes them', () => {
    const rows = tableNamed(QUARANTINE_ROWS_TABLE_NAME);
    expect(rows.StorageDescriptor.Columns).toEqual(
      glueColumnsOf(QUARANTINE_ROW_COLUMNS).map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
    expect(rows.StorageDescriptor.Columns.find((c) => c.Name === 'row')?.Type).toBe('bigint');
    expect(rows.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(rows.Parameters.classification).toBe('json');
    // Unpartitioned: Athena reads every feed's parts under rows/.
    expect(rows.PartitionKeys).toEqual([]);
    const location = JSON.stringify(rows.StorageDescriptor.Location);
    expect(location).toContain(JSON.stringify({ Ref: logicalIdOf(stack.storage.quarantine) }));
    expect(location).toContain('/rows/');
  });

  it('creates the tables after their database', () => {
    const databaseId = Object.keys(resourcesOfType(template, 'AWS::Glue::Database')).find((id) =>
      id.startsWith('RawCatalog'),
    );
    template.allResources('AWS::Glue::Table', { DependsOn: Match.arrayWith([databaseId]) });
  });
});
