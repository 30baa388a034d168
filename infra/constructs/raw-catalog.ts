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

/** One external table of the catalog: where its files lie, how they are stored and partitioned. */
interface ExternalTableSpec {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly GlueColumn[];
  readonly partitionKeys: readonly GlueColumn[];
  readonly location: string;
  readonly projection: Record<string, string>;
  readonly extra?: Record<string, string>;
  readonly storage?: typeof PARQUET_STORAGE | typeof NDJSON_STORAGE;
}

export class RawCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  /** Raw tables by contract id (`<system>/<feed>`). */
  readonly tables: ReadonlyMap<string, glue.CfnTable>;
  readonly auditTable: glue.CfnTable;
  readonly quarantineRowsTable: glue.CfnTable;

  constructor(scope: Construct, id: string, props: RawCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName ?? 'opslake_raw';
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Stack.of(this).account,
      databaseInput: {
        name: this.databaseName,
        description: 'opslake raw layer: validated feed rows as landed by ingest, one table per contract',
      },
    });
    this.tables = this.contractTables(props);
    this.auditTable = this.ingestAuditTable(props);
    this.quarantineRowsTable = this.quarantineTable(props);
  }

  private contractTables(props: RawCatalogProps): Map<string, glue.CfnTable> {
    const tables = new Map<string, glue.CfnTable>();
    for (const contract of props.contracts) {
      const location = `s3://${props.lake.bucketName}/raw/${contract.system}/${contract.feed}/`;
      tables.set(
        contract.id,
        // Construct ids from the contract id keep logical ids stable as feeds are added.
        this.externalTable(`Table-${contract.system}-${contract.feed}`, {
          name: rawTableName(contract),
          description: `${contract.description} Contract ${contract.id} v${contract.version}.`,
          columns: glueColumns(contract),
          partitionKeys: rawPartitionKeysOf(contract),
          location,
          projection:
            contract.athenaPartitions === 'projected'
              ? rawProjectionParameters(location, props.sites, props.projectionStartDay)
              : {},
          extra: {
            'opslake.contract_version': contract.version,
            'opslake.primary_key': contract.primaryKey.join(','),
          },
        }),
      );
    }
    return tables;
  }

  private ingestAuditTable(props: RawCatalogProps): glue.CfnTable {
    const location = `s3://${props.lake.bucketName}/${AUDIT_PREFIX}`;
    return this.externalTable('Table-audit-ingest_files', {
      name: AUDIT_TABLE_NAME,
      description: 'One record per ingest attempt: file, hash, contract version, rows in / valid / rejected, outcome.',
      columns: glueColumnsOf(AUDIT_COLUMNS),
      partitionKeys: AUDIT_PARTITION_KEYS,
      location,
      projection: auditProjectionParameters(location, props.projectionStartDay),
    });
  }

  /**
   * Unpartitioned: a feed's parts lie under rows/<system>/<feed>/, all of which Athena reads.
   * Only the versions that stand are there (the ledger deletes replaced ones).
   */
  private quarantineTable(props: RawCatalogProps): glue.CfnTable {
    return this.externalTable('Table-quarantine-rows', {
      name: QUARANTINE_ROWS_TABLE_NAME,
      description: 'Rows the ingest quarantined, one line per rule a row failed, of the file versions that stand.',
      columns: glueColumnsOf(QUARANTINE_ROW_COLUMNS),
      partitionKeys: [],
      location: `s3://${props.quarantine.bucketName}/${QUARANTINE_ROWS_PREFIX}`,
      projection: {},
      storage: NDJSON_STORAGE,
    });
  }

  private externalTable(tableId: string, spec: ExternalTableSpec): glue.CfnTable {
    const storage = spec.storage ?? PARQUET_STORAGE;
    const cfn = new glue.CfnTable(this, tableId, {
      catalogId: Stack.of(this).account,
      databaseName: this.databaseName,
      tableInput: {
        name: spec.name,
        description: spec.description,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: storage === PARQUET_STORAGE ? 'parquet' : 'json',
          EXTERNAL: 'TRUE',
          ...spec.projection,
          ...spec.extra,
        },
        partitionKeys: [...spec.partitionKeys],
        storageDescriptor: { ...storage, columns: [...spec.columns], location: spec.location },
      },
    });
    cfn.addResourceDependency(this.database);
    return cfn;
  }
}
