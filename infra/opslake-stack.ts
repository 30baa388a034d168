/**
 * The opslake stack: storage, ingest, catalog, query workgroups and the transform runner, wired
 * together. Environment-agnostic on purpose — no account/region lookups — so `cdk synth` works
 * offline and the same template deploys to any account.
 */
import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { contracts } from '../schemas/index.js';
import { IngestPipeline } from './constructs/ingest-pipeline.js';
import { LakeCompaction } from './constructs/lake-compaction.js';
import { LakeStorage } from './constructs/lake-storage.js';
import { LogEncryption } from './constructs/log-encryption.js';
import { OpsAlerts } from './constructs/ops-alerts.js';
import { OpsMonitoring } from './constructs/ops-monitoring.js';
import { QueryAccess } from './constructs/query-access.js';
import { QueryWorkgroups } from './constructs/query-workgroups.js';
import { RawCatalog } from './constructs/raw-catalog.js';
import { ReportJob } from './constructs/report-job.js';
import { SiteAccess } from './constructs/site-access.js';
import { TransformRunner } from './constructs/transform-runner.js';
import { addOutputs } from './outputs.js';
import { siteScopedTables } from './site-scoped-models.js';

export interface OpslakeStackProps extends StackProps {
  /** Site ids the raw tables project as partitions (`site=<id>`); adding a site means a redeploy. */
  readonly sites: readonly string[];
  /** Delete data and keys on stack removal; for throwaway dev stacks only. */
  readonly destroyOnRemoval?: boolean;
  /** E-mail addresses that receive alarms and failed-run alerts. */
  readonly alertEmails?: readonly string[];
  /**
   * First day (yyyy-MM-dd) of data in the lake. Athena lists every projected day from here on for a
   * query without a `dt` filter, so set it to the real first day of history.
   */
  readonly projectionStartDay?: string;
  /**
   * When the lake is compacted, as `opslake compact` does: a data file per partition instead of
   * one per delivery, an audit file per day instead of one per attempt.
   * @default daily at 02:30 UTC, before the maintenance run
   */
  readonly compactionSchedule?: events.Schedule;
  /** When dbt runs; default hourly. */
  readonly transformSchedule?: events.Schedule;
  /**
   * When a transform run also maintains the incremental Iceberg tables (OPTIMIZE, VACUUM).
   * @default daily at 03:00 UTC
   */
  readonly maintenanceSchedule?: events.Schedule;
  /**
   * An account or role ARN that may assume the BI and analyst roles (created only when set).
   * @default no roles; attach the Outputs' policies to your own identities
   */
  readonly readerRolePrincipal?: string;
  /**
   * Site id → principal of its site lead, who then sees only that site's rows in the marts (Lake
   * Formation data-cells filters). Deploy with it only after the first dbt run has built the tables.
   * @default no per-site access
   */
  readonly siteLeads?: Readonly<Record<string, string>>;
}

export class OpslakeStack extends Stack {
  readonly storage: LakeStorage;
  readonly alerts: OpsAlerts;
  readonly logs: LogEncryption;
  readonly ingest: IngestPipeline;
  readonly lakeCompaction: LakeCompaction;
  readonly catalog: RawCatalog;
  readonly workgroups: QueryWorkgroups;
  readonly transforms: TransformRunner;
  readonly monitoring: OpsMonitoring;
  readonly access: QueryAccess;
  readonly reports: ReportJob;
  readonly siteAccess?: SiteAccess;

  constructor(scope: Construct, id: string, props: OpslakeStackProps) {
    const destroyOnRemoval = props.destroyOnRemoval ?? false;
    // A stack holding the lake should not be deletable by a stray `cdk destroy`.
    super(scope, id, { terminationProtection: !destroyOnRemoval, ...props });
    Tags.of(this).add('project', 'opslake');
    this.storage = new LakeStorage(this, 'Storage', { destroyOnRemoval });
    this.alerts = new OpsAlerts(this, 'Alerts', { emails: props.alertEmails ?? [], destroyOnRemoval });
    this.logs = new LogEncryption(this, 'LogEncryption', { destroyOnRemoval });
    this.ingest = new IngestPipeline(this, 'Ingest', {
      landing: this.storage.landing,
      lake: this.storage.lake,
      quarantine: this.storage.quarantine,
      dataKey: this.storage.key,
      alerts: this.alerts,
      logs: this.logs,
      destroyOnRemoval,
    });
    this.lakeCompaction = new LakeCompaction(this, 'LakeCompaction', {
      lake: this.storage.lake,
      dataKey: this.storage.key,
      alerts: this.alerts,
      logs: this.logs,
      ...(props.compactionSchedule ? { schedule: props.compactionSchedule } : {}),
      destroyOnRemoval,
    });
    this.catalog = new RawCatalog(this, 'RawCatalog', {
      lake: this.storage.lake,
      quarantine: this.storage.quarantine,
      contracts,
      sites: props.sites,
      ...(props.projectionStartDay ? { projectionStartDay: props.projectionStartDay } : {}),
    });
    this.workgroups = new QueryWorkgroups(this, 'Workgroups', {
      resultsBucket: this.storage.athenaResults,
      key: this.storage.key,
    });
    this.transforms = this.transformRunner(props, destroyOnRemoval);
    const siteAccessOn = props.siteLeads !== undefined && Object.keys(props.siteLeads).length > 0;
    this.access = new QueryAccess(this, 'QueryAccess', {
      lake: this.storage.lake,
      athenaResults: this.storage.athenaResults,
      key: this.storage.key,
      workgroups: this.workgroups.workgroups,
      databases: [this.transforms.martsDatabaseName, this.transforms.biDatabaseName],
      ...(props.readerRolePrincipal ? { trustedPrincipal: props.readerRolePrincipal } : {}),
      lakeFormation: siteAccessOn,
    });
    this.reports = this.reportJob(destroyOnRemoval);
    if (props.siteLeads && siteAccessOn) this.siteAccess = this.siteAccessOf(props.siteLeads, props.sites);
    this.monitoring = new OpsMonitoring(this, 'Monitoring', {
      alerts: this.alerts,
      contracts,
      transformRuns: this.transforms.stateMachine,
      ingestFunction: this.ingest.function,
      ingestAlarms: this.ingest.alarms,
    });
    addOutputs(this);
  }

  private transformRunner(props: OpslakeStackProps, destroyOnRemoval: boolean): TransformRunner {
    return new TransformRunner(this, 'Transforms', {
      lake: this.storage.lake,
      quarantine: this.storage.quarantine,
      athenaResults: this.storage.athenaResults,
      key: this.storage.key,
      workgroup: this.workgroups.workgroups.transform,
      workgroupResultsLocation: this.workgroups.resultsLocation('transform'),
      rawDatabaseName: this.catalog.databaseName,
      alerts: this.alerts,
      logs: this.logs,
      ...(props.transformSchedule ? { schedule: props.transformSchedule } : {}),
      ...(props.maintenanceSchedule ? { maintenanceSchedule: props.maintenanceSchedule } : {}),
      destroyOnRemoval,
    });
  }

  private reportJob(destroyOnRemoval: boolean): ReportJob {
    return new ReportJob(this, 'Reports', {
      reports: this.storage.reports,
      lake: this.storage.lake,
      quarantine: this.storage.quarantine,
      athenaResults: this.storage.athenaResults,
      key: this.storage.key,
      // The report is a BI reader: small, partition-pruned KPI queries under the BI scan cutoff.
      workgroup: this.workgroups.workgroups.bi,
      workgroupResultsPrefix: 'bi/',
      databases: [this.transforms.martsDatabaseName, this.transforms.biDatabaseName],
      defaultDatabase: this.transforms.martsDatabaseName,
      alerts: this.alerts,
      logs: this.logs,
      destroyOnRemoval,
    });
  }

  /** Row filters on the site-scoped marts for each lead; dbt writes and the readers read through them. */
  private siteAccessOf(siteLeads: Readonly<Record<string, string>>, sites: readonly string[]): SiteAccess {
    const databaseName = { marts: this.transforms.martsDatabaseName, bi: this.transforms.biDatabaseName };
    return new SiteAccess(this, 'SiteAccess', {
      lake: this.storage.lake,
      siteLeads,
      sites,
      tables: siteScopedTables().map(({ database, table }) => ({ database: databaseName[database], table })),
      writers: this.transforms.project.role ? [this.transforms.project.role] : [],
      readers: [this.reports.taskDefinition.taskRole, ...Object.values(this.access.roles ?? {})],
    });
  }
}
