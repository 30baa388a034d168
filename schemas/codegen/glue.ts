/**
 * Glue (Hive) table shapes generated from the contracts: the columns of each raw table, its
 * partition keys, and the partition-projection parameters that let Athena find partitions from
 * the lake layout alone (no crawler, no `MSCK REPAIR`).
 *
 * Column types come from schemas/physical-types.ts, beside the Arrow and Parquet types the ingest
 * writes: a Glue type that disagrees with the file's fails at query time with HIVE_BAD_DATA.
 */
import type { ColumnSpec, FeedContract } from '../contract.js';
import { LINEAGE_COLUMNS } from '../lineage.js';
import { glueType } from '../physical-types.js';

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** Glue caps column comments at 255 characters. */
const GLUE_COMMENT_LIMIT = 255;

function columnComment(spec: ColumnSpec): string {
  const parts = [spec.description];
  if (spec.unit) parts.push(`Unit: ${spec.unit}.`);
  if (spec.kind === 'enum') parts.push(`One of: ${spec.values.join(', ')}.`);
  const text = parts.join(' ');
  return text.length <= GLUE_COMMENT_LIMIT ? text : `${text.slice(0, GLUE_COMMENT_LIMIT - 1)}…`;
}

/** Glue columns of a set of column specs, in declaration order. */
export function glueColumnsOf(columns: Readonly<Record<string, ColumnSpec>>): GlueColumn[] {
  return Object.entries(columns).map(([name, spec]) => ({ name, type: glueType(spec), comment: columnComment(spec) }));
}

/** The partition keys of every raw table, matching `raw/<system>/<feed>/site=<site>/dt=<day>/`. */
export const RAW_PARTITION_KEYS: readonly GlueColumn[] = [
  { name: 'site', type: 'string', comment: 'Site id of the rows in this partition (from the lake path site=…)' },
  { name: 'dt', type: 'string', comment: 'UTC day of the partition column, yyyy-MM-dd (from the lake path dt=…)' },
];

/**
 * A raw table's partition keys: `site` and `dt` when its contract has them projected, none when
 * Athena is to read every file of the table (`athenaPartitions: 'none'`).
 */
export function rawPartitionKeysOf(contract: FeedContract): readonly GlueColumn[] {
  return contract.athenaPartitions === 'projected' ? RAW_PARTITION_KEYS : [];
}

/** The partition key of the audit table, matching `audit/ingest_files/dt=<day>/`. */
export const AUDIT_PARTITION_KEYS: readonly GlueColumn[] = [
  { name: 'dt', type: 'string', comment: 'UTC day the ingest attempt started, yyyy-MM-dd' },
];

/**
 * The data columns of a feed's raw table: the contract's columns, then the lineage columns, in the
 * order the ingest writer lays them out.
 */
export function glueColumns(contract: FeedContract): GlueColumn[] {
  const columns = [...glueColumnsOf(contract.columns), ...glueColumnsOf(LINEAGE_COLUMNS)];
  const partitionNames = new Set(RAW_PARTITION_KEYS.map((key) => key.name));
  for (const column of columns) {
    // Hive rejects a table whose data column shares a name with a partition key.
    if (partitionNames.has(column.name)) {
      throw new Error(`${contract.id}: column ${column.name} collides with a raw-table partition key`);
    }
  }
  return columns;
}

function assertDay(day: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`projection start day "${day}" is not yyyy-MM-dd`);
}

/** The first day partition projection enumerates when a query does not bound `dt`. */
export const DEFAULT_PROJECTION_START_DAY = '2020-01-01';

/**
 * Partition projection for a raw table under `s3://<lake>/raw/<system>/<feed>/`.
 *
 * `site` is an enum of the deployment's sites rather than `injected`: an injected key forces every
 * query to name its sites with equality filters, and dbt's staging models read all sites at once.
 * The cost is a redeploy when a site is added. `dt` is a date range up to today, so day filters
 * prune.
 */
export function rawProjectionParameters(
  locationPrefix: string,
  sites: readonly string[],
  startDay: string = DEFAULT_PROJECTION_START_DAY,
): Record<string, string> {
  assertDay(startDay);
  if (sites.length === 0) throw new Error('partition projection needs at least one site');
  for (const site of sites) {
    // The lake path carries the URI-encoded site id; a comma would split the enum.
    if (encodeURIComponent(site) !== site || site.includes(',')) {
      throw new Error(`site id "${site}" must be URL-safe to be a projected partition value`);
    }
  }
  return {
    'projection.enabled': 'true',
    'projection.site.type': 'enum',
    'projection.site.values': sites.join(','),
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': `${startDay},NOW`,
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'DAYS',
    'storage.location.template': `${locationPrefix}site=\${site}/dt=\${dt}/`,
  };
}

/** Partition projection for the audit table under `s3://<lake>/audit/ingest_files/`. */
export function auditProjectionParameters(
  locationPrefix: string,
  startDay: string = DEFAULT_PROJECTION_START_DAY,
): Record<string, string> {
  assertDay(startDay);
  return {
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': `${startDay},NOW`,
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'DAYS',
    'storage.location.template': `${locationPrefix}dt=\${dt}/`,
  };
}
