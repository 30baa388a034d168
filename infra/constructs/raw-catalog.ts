/**
 * RawCatalog: the Glue database of the lake's raw layer, one external Parquet table per contract
 * plus the ingest audit table and the quarantined rows (NDJSON in the quarantine bucket). Columns come from the contracts (schemas/codegen/glue.ts) and
 * partitions from partition projection, so there is no crawler to run and nothing to repair when a
 * new day or file lands — a table is queryable the moment its first file is written. Master and
 * slowly changing feeds (`athenaPartitions: 'none'` in their contracts) are unpartitioned tables:
 * Athena reads every file under them, whatever day they were filed under.
 */
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AUDIT_COLUMNS, AUDIT_PREFIX, AUDIT_TABLE_NAME } from '../../schemas/audit.js';
import { rawTableName } from '../../schemas/codegen/dbt-sources.js';
import {
  AUDIT_PARTITION_KEYS,
  auditProjectionParameters,
  type GlueColumn,
  glueColumns,
  glueColumnsOf,
  rawPartitionKeysOf,
  rawProjectionParameters,
} from '../../schemas/codegen/glue.js';
import type { FeedContract } from '../../schemas/contract.js';
import {
  QUARANTINE_ROW_COLUMNS,
  QUARANTINE_ROWS_PREFIX,
  QUARANTINE_ROWS_TABLE_NAME,
} from '../../schemas/quarantine.js';

export interface RawCatalogProps {
  readonly lake: s3.IBucket;
  /** The quarantine bucket, whose rows/ parts are the quarantine_rows table. */
  readonly quarantine: s3.IBucket;
  readonly contracts: readonly FeedContract[];
  /** Site ids projected as the `site` partition of every raw table. */
  readonly sites: readonly string[];
  /** dbt's `raw_database` var must name the same database. */
  readonly databaseName?: string;
  /** First day the `dt` projection enumerates, yyyy-MM-dd. */
  readonly projectionStartDay?: string;
}

const PARQUET_STORAGE = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
} as const;

/** One JSON object per line (the quarantine's parts); members map to columns by name. */
const NDJSON_STORAGE = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
} as const;

export class RawCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  /** Raw tables by contract id (`<system>/<feed>`). */
  readonly tables: ReadonlyMap<string, glue.CfnTable>;
  readonly auditTable: glue.CfnTable;
  readonly quarantineRowsTable: glue.CfnTable;

  constructor(scope: Construct, id: string, props: RawCatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.databaseName = props.databaseName ?? 'opslake_raw';
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'opslake raw layer: validated feed rows as landed by ingest, one table per contract',
      },
    });

    const table = (
      tableId: string,
      name: string,
      description: string,
      columns: readonly GlueColumn[],
      partitionKeys: readonly GlueColumn[],
      location: string,
      projection: Record<string, string>,
      extra: Record<string, string> = {},
      storage: typeof PARQUET_STORAGE | typeof NDJSON_STORAGE = PARQUET_STORAGE,
    ): glue.CfnTable => {
      const cfn = new glue.CfnTable(this, tableId, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          description,
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            classification: storage === PARQUET_STORAGE ? 'parquet' : 'json',
            EXTERNAL: 'TRUE',
            ...projection,
            ...extra,
          },
          partitionKeys: [...partitionKeys],
          storageDescriptor: { ...storage, columns: [...columns], location },
        },
      });
      cfn.addResourceDependency(this.database);
      return cfn;
    };

    const tables = new Map<string, glue.CfnTable>();
    for (const contract of props.contracts) {
      const location = `s3://${props.lake.bucketName}/raw/${contract.system}/${contract.feed}/`;
      tables.set(
        contract.id,
        table(
          // Construct ids from the contract id keep logical ids stable as feeds are added.
          `Table-${contract.system}-${contract.feed}`,
          rawTableName(contract),
          `${contract.description} Contract ${contract.id} v${contract.version}.`,
          glueColumns(contract),
          rawPartitionKeysOf(contract),
          location,
          contract.athenaPartitions === 'projected'
            ? rawProjectionParameters(location, props.sites, props.projectionStartDay)
            : {},
          { 'opslake.contract_version': contract.version, 'opslake.primary_key': contract.primaryKey.join(',') },
        ),
      );
    }
    this.tables = tables;

    const auditLocation = `s3://${props.lake.bucketName}/${AUDIT_PREFIX}`;
    this.auditTable = table(
      'Table-audit-ingest_files',
      AUDIT_TABLE_NAME,
      'One record per ingest attempt: file, hash, contract version, rows in / valid / rejected, outcome.',
      glueColumnsOf(AUDIT_COLUMNS),
      AUDIT_PARTITION_KEYS,
      auditLocation,
      auditProjectionParameters(auditLocation, props.projectionStartDay),
    );

    // Unpartitioned: a feed's parts lie under rows/<system>/<feed>/, all of which Athena reads.
    // Only the versions that stand are there (the ledger deletes replaced ones).
    this.quarantineRowsTable = table(
      'Table-quarantine-rows',
      QUARANTINE_ROWS_TABLE_NAME,
      'Rows the ingest quarantined, one line per rule a row failed, of the file versions that stand.',
      glueColumnsOf(QUARANTINE_ROW_COLUMNS),
      [],
      `s3://${props.quarantine.bucketName}/${QUARANTINE_ROWS_PREFIX}`,
      {},
      {},
      NDJSON_STORAGE,
    );
  }
}
