/**
 * TransformRunner: runs the dbt project (transforms/) against Athena on a schedule.
 *
 * dbt runs in a CodeBuild project, not a Lambda: a full build can pass Lambda's 15-minute limit.
 * Step Functions drives it (start, wait for the build, retry with backoff, alert on failure) and an
 * EventBridge rule starts the state machine. CodeBuild allows one build at a time, so a slow run
 * is never overlapped by the next scheduled one (the overlapping start fails and is retried).
 * A second, daily rule starts the same run with `icebergMaintenance: true`: after the build, dbt's
 * `iceberg_maintenance` operation compacts the incremental Iceberg facts and expires old
 * snapshots (transforms/macros/iceberg_maintenance.sql) — in the one build slot, so never while
 * another run writes those tables.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as assets from 'aws-cdk-lib/aws-s3-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AUDIT_ROOT_PREFIX, MARTS_PREFIX, QUARANTINE_ROWS_PREFIX, RAW_PREFIX } from '../../schemas/lake-layout.js';
import { DBT_VENV_CACHE_PREFIX, dbtBuildSpec, ICEBERG_MAINTENANCE_ENV } from '../dbt-build.js';
import { dbtDatabases } from '../dbt-project.js';
import { GLUE_READ_ACTIONS, grantPrefixes, logicalIdOf } from '../grants.js';
import type { LogEncryption } from './log-encryption.js';
import type { OpsAlerts } from './ops-alerts.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What the build runs lives in infra/dbt-build.ts; these names stay importable from the runner. */
export { DBT_VENV_CACHE_PREFIX, DBT_VENV_COMMANDS, ICEBERG_MAINTENANCE_ENV } from '../dbt-build.js';
/** Where dbt-athena writes the marts' Iceberg data, under the lake bucket. */
export { MARTS_PREFIX };

const DEFAULT_BUILD_TIMEOUT = Duration.hours(2);
/** How long past CodeBuild's own timeout the task waits before giving up on the build. */
const TASK_TIMEOUT_MARGIN = Duration.minutes(15);
const RETRY_INTERVAL = Duration.minutes(2);
const RETRY_ATTEMPTS = 2;

export interface TransformRunnerProps {
  readonly lake: s3.IBucket;
  /** dbt reads the quarantined rows (rows/) as a source. */
  readonly quarantine: s3.IBucket;
  readonly athenaResults: s3.IBucket;
  readonly key: kms.IKey;
  /** The workgroup dbt runs its queries in; its enforced result location is used. */
  readonly workgroup: athena.CfnWorkGroup;
  readonly workgroupResultsLocation: string;
  /** The Glue database of the raw tables dbt reads. */
  readonly rawDatabaseName: string;
  readonly alerts: OpsAlerts;
  /** Encrypts the build's and the state machine's log groups. */
  readonly logs: LogEncryption;
  /** The marts database dbt builds into. @default opslake_marts */
  readonly martsDatabaseName?: string;
  /** When to run; default hourly. */
  readonly schedule?: events.Schedule;
  /**
   * When a run also maintains the incremental Iceberg tables (OPTIMIZE, VACUUM).
   * @default daily at 03:00 UTC
   */
  readonly maintenanceSchedule?: events.Schedule;
  /** The dbt project directory; default transforms/ at the repository root. */
  readonly projectDirectory?: string;
  /** The longest a dbt build may take before CodeBuild stops it. */
  readonly buildTimeout?: Duration;
  readonly destroyOnRemoval?: boolean;
}

/** The execution input field that asks a run to maintain the Iceberg tables after its build. */
export const ICEBERG_MAINTENANCE_INPUT = 'icebergMaintenance';
const DEFAULT_MAINTENANCE_SCHEDULE = events.Schedule.cron({ minute: '0', hour: '3' });

export class TransformRunner extends Construct {
  readonly martsDatabase: glue.CfnDatabase;
  readonly martsDatabaseName: string;
  /** The BI star schema's database (dbt var `bi_database`). */
  readonly biDatabaseName: string;
  /** The staging and intermediate views' database (dbt var `staging_database`), for dbt only. */
  readonly stagingDatabaseName: string;
  readonly project: codebuild.Project;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: events.Rule;
  readonly maintenanceSchedule: events.Rule;

  constructor(scope: Construct, id: string, props: TransformRunnerProps) {
    super(scope, id);
    const removalPolicy = props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.martsDatabaseName = props.martsDatabaseName ?? 'opslake_marts';
    const martsLocation = `s3://${props.lake.bucketName}/${MARTS_PREFIX}`;
    const buildTimeout = props.buildTimeout ?? DEFAULT_BUILD_TIMEOUT;

    const databases = dbtDatabases();
    this.biDatabaseName = databases.bi;
    this.stagingDatabaseName = databases.staging;
    this.martsDatabase = this.addDatabases(martsLocation);

    this.project = this.dbtProject(props, martsLocation, buildTimeout, removalPolicy);
    this.grantTransformAccess(props, this.project);

    this.stateMachine = this.runStateMachine(props, buildTimeout, removalPolicy);
    this.schedule = this.runSchedule(
      'Schedule',
      'Starts the opslake dbt run',
      props.schedule ?? events.Schedule.rate(Duration.hours(1)),
      false,
    );
    this.maintenanceSchedule = this.runSchedule(
      'MaintenanceSchedule',
      'Starts the opslake dbt run that also maintains the Iceberg tables',
      props.maintenanceSchedule ?? DEFAULT_MAINTENANCE_SCHEDULE,
      true,
    );
  }

  /** The Glue databases dbt builds into, each located under the lake's `marts/`; returns the marts one. */
  private addDatabases(martsLocation: string): glue.CfnDatabase {
    const database = (databaseId: string, name: string, description: string) =>
      new glue.CfnDatabase(this, databaseId, {
        catalogId: Stack.of(this).account,
        databaseInput: { name, description, locationUri: `${martsLocation}${name}/` },
      });
    const marts = database(
      'MartsDatabase',
      this.martsDatabaseName,
      'opslake marts and KPI tables, built by dbt-athena (Iceberg)',
    );
    database('BiDatabase', this.biDatabaseName, 'opslake BI star schema for Power BI / Tableau, built by dbt-athena');
    database('StagingDatabase', this.stagingDatabaseName, "dbt's staging and intermediate views; not for readers");
    return marts;
  }

  /** The CodeBuild project running `dbt build` from the project's zip asset, with its log group. */
  private dbtProject(
    props: TransformRunnerProps,
    martsLocation: string,
    buildTimeout: Duration,
    removalPolicy: RemovalPolicy,
  ): codebuild.Project {
    // The dbt project ships as a zip asset; local build output must not leak into it.
    const source = new assets.Asset(this, 'DbtProject', {
      path: props.projectDirectory ?? path.join(REPO_ROOT, 'transforms'),
      exclude: ['target', 'logs', 'dbt_packages', '.user.yml', '*.duckdb', '*.duckdb.wal', '__pycache__'],
    });

    const logGroup = props.logs.logGroup(this, 'BuildLogs', { removalPolicy });

    const project = new codebuild.Project(this, 'DbtBuild', {
      description: 'dbt build --target aws of the opslake transforms',
      source: codebuild.Source.s3({ bucket: source.bucket, path: source.s3ObjectKey }),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        privileged: false,
      },
      encryptionKey: props.key,
      timeout: buildTimeout,
      concurrentBuildLimit: 1,
      logging: { cloudWatch: { logGroup } },
      environmentVariables: {
        OPSLAKE_MARTS_DATABASE: { value: this.martsDatabaseName },
        OPSLAKE_RAW_DATABASE: { value: props.rawDatabaseName },
        OPSLAKE_ATHENA_RESULTS: { value: props.workgroupResultsLocation },
        OPSLAKE_MARTS_LOCATION: { value: martsLocation },
        OPSLAKE_WORKGROUP: { value: props.workgroup.ref },
        // Overridden per run by the state machine; a build started by hand maintains nothing.
        [ICEBERG_MAINTENANCE_ENV]: { value: 'false' },
        // CodeBuild sets AWS_REGION itself; dbt's profile reads it.
      },
      buildSpec: dbtBuildSpec(),
    });
    // The venv outlives the build in S3, so a run installs nothing unless requirements.txt changed.
    // Set on the L1: codebuild.Cache.bucket would grant read/write on the whole results bucket;
    // grantTransformAccess grants the cache prefix only.
    (project.node.defaultChild as codebuild.CfnProject).cache = {
      type: 'S3',
      location: `${props.athenaResults.bucketName}/${DBT_VENV_CACHE_PREFIX}`,
    };
    return project;
  }

  /** Run options, then the build; a build that still fails alerts the topic, then fails the run. */
  private runStateMachine(
    props: TransformRunnerProps,
    buildTimeout: Duration,
    removalPolicy: RemovalPolicy,
  ): sfn.StateMachine {
    // The task, not the state machine, carries the timeout: a state machine timeout ends the
    // execution without running its Catch, so the failed-run alert would never be sent.
    const taskTimeout = buildTimeout.plus(TASK_TIMEOUT_MARGIN);
    const startBuild = this.startBuildTask(taskTimeout);
    const notifyFailure = tasks.SnsPublish.jsonPath(this, 'NotifyFailure', {
      topic: props.alerts.topic,
      subject: 'opslake: dbt transform run failed',
      message: sfn.TaskInput.fromJsonPathAt('$.error'),
      resultPath: sfn.JsonPath.DISCARD,
    });
    startBuild.addCatch(notifyFailure.next(new sfn.Fail(this, 'TransformFailed')), { resultPath: '$.error' });

    const machineLogs = props.logs.logGroup(this, 'StateMachineLogs', { removalPolicy });
    const stateMachine = new sfn.StateMachine(this, 'Runs', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        this.runOptions().next(startBuild).next(new sfn.Succeed(this, 'TransformSucceeded')),
      ),
      // A backstop only, past every attempt's task timeout and the retry waits, so the Catch
      // (and its alert) always runs first; the TimedOut alarm covers it if it ever fires.
      timeout: Duration.minutes(taskTimeout.toMinutes() * (RETRY_ATTEMPTS + 1)).plus(Duration.hours(1)),
      tracingEnabled: true,
      logs: { destination: machineLogs, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    // SnsPublish grants sns:Publish only; the topic is encrypted, so publishing also needs its key.
    props.alerts.grantPublish(stateMachine);
    Validations.of(stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery APIs do not support resource-level permissions.',
    });
    Validations.of(stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "The SnsPublish task's grant on the alerts topic key only; SNS needs a data key per message.",
    });
    return stateMachine;
  }

  /** The build, waited for, and retried unless it timed out. */
  private startBuildTask(taskTimeout: Duration): tasks.CodeBuildStartBuild {
    const startBuild = tasks.CodeBuildStartBuild.jsonPath(this, 'RunDbt', {
      project: this.project,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      taskTimeout: sfn.Timeout.duration(taskTimeout),
      environmentVariablesOverride: {
        [ICEBERG_MAINTENANCE_ENV]: {
          type: codebuild.BuildEnvironmentVariableType.PLAINTEXT,
          value: sfn.JsonPath.stringAt('$.options.maintenance'),
        },
      },
      resultSelector: { 'buildId.$': '$.Build.Id', 'status.$': '$.Build.BuildStatus' },
    });
    // A failed build is usually a transient Athena error (throttling, ICEBERG_COMMIT_ERROR) or an
    // overlapping run still holding the one build slot: wait and try again before alerting.
    // A build that outlasted its task timeout would only time out again: alert at once.
    startBuild.addRetry({ errors: [sfn.Errors.TIMEOUT], maxAttempts: 0 });
    startBuild.addRetry({
      errors: [sfn.Errors.ALL],
      interval: RETRY_INTERVAL,
      backoffRate: 2,
      maxAttempts: RETRY_ATTEMPTS,
      jitterStrategy: sfn.JitterType.FULL,
    });
    return startBuild;
  }

  /** A rule starting a run, asking it for Iceberg maintenance or not. */
  private runSchedule(id: string, description: string, schedule: events.Schedule, maintenance: boolean): events.Rule {
    return new events.Rule(this, id, {
      description,
      schedule,
      targets: [
        new targets.SfnStateMachine(this.stateMachine, {
          input: events.RuleTargetInput.fromObject({ [ICEBERG_MAINTENANCE_INPUT]: maintenance }),
        }),
      ],
    });
  }

  /**
   * `$.options.maintenance` ('true' / 'false') from the optional boolean input field, so an
   * execution started by hand with no input (the runbooks' "start it again") still runs.
   */
  private runOptions(): sfn.Chain {
    const options = (id: string, maintenance: boolean) =>
      new sfn.Pass(this, id, {
        result: sfn.Result.fromObject({ maintenance: String(maintenance) }),
        resultPath: '$.options',
      });
    const field = `$.${ICEBERG_MAINTENANCE_INPUT}`;
    return new sfn.Choice(this, 'MaintenanceRequested')
      .when(
        sfn.Condition.and(sfn.Condition.isBoolean(field), sfn.Condition.booleanEquals(field, true)),
        options('WithMaintenance', true),
      )
      .otherwise(options('BuildOnly', false))
      .afterwards();
  }

  /** What dbt-athena needs: run queries in its workgroup, read raw, build marts. Nothing more. */
  private grantTransformAccess(props: TransformRunnerProps, project: codebuild.Project): void {
    this.grantCatalogAccess(props, project);
    grantPrefixes(
      project,
      this,
      [
        { bucket: props.lake, prefix: RAW_PREFIX, access: 'read' },
        { bucket: props.lake, prefix: AUDIT_ROOT_PREFIX, access: 'read' },
        { bucket: props.quarantine, prefix: QUARANTINE_ROWS_PREFIX, access: 'read' },
        { bucket: props.lake, prefix: MARTS_PREFIX, access: 'readWrite' },
        { bucket: props.athenaResults, prefix: 'transform/', access: 'readWrite' },
        { bucket: props.athenaResults, prefix: `${DBT_VENV_CACHE_PREFIX}/`, access: 'readWrite' },
      ],
      props.key,
    );
    this.acknowledgeProjectGrants(props, project);
  }

  /** Queries in the workgroup; reading the raw and built databases; writing the built ones only. */
  private grantCatalogAccess(props: TransformRunnerProps, project: codebuild.Project): void {
    const stack = Stack.of(this);
    const catalog = stack.formatArn({ service: 'glue', resource: 'catalog' });
    const database = (name: string) => stack.formatArn({ service: 'glue', resource: 'database', resourceName: name });
    const tablesOf = (name: string) =>
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${name}/*` });
    const built = this.builtDatabaseNames();

    project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetQueryRuntimeStatistics',
          'athena:GetWorkGroup',
        ],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroup.ref })],
      }),
    );
    project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...GLUE_READ_ACTIONS],
        resources: [catalog, ...[props.rawDatabaseName, ...built].flatMap((name) => [database(name), tablesOf(name)])],
      }),
    );
    project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          // `create schema if not exists` of the (already existing) databases dbt builds into.
          'glue:CreateDatabase',
          'glue:CreateTable',
          'glue:UpdateTable',
          'glue:DeleteTable',
          'glue:GetTableVersions',
          'glue:DeleteTableVersion',
          'glue:BatchDeleteTableVersion',
          'glue:CreatePartition',
          'glue:BatchCreatePartition',
          'glue:UpdatePartition',
          'glue:BatchUpdatePartition',
          'glue:DeletePartition',
          'glue:BatchDeletePartition',
        ],
        resources: [catalog, ...built.flatMap((name) => [database(name), tablesOf(name)])],
      }),
    );
  }

  private acknowledgeProjectGrants(props: TransformRunnerProps, project: codebuild.Project): void {
    const glueTables = (name: string) => `arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${name}/*`;
    const projectId = logicalIdOf(project);
    const acknowledgements: [string, string][] = [
      [glueTables(props.rawDatabaseName), 'dbt reads every raw table; tables are scoped to the raw database.'],
      ...this.builtDatabaseNames().map((name): [string, string] => [
        glueTables(name),
        `dbt creates and replaces the tables and views of the ${name} database it builds.`,
      ]),
      [
        `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/<${projectId}>:*`,
        "CodeBuild's default log-stream grant, scoped to this project's log group.",
      ],
      [
        `arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<${projectId}>-*`,
        "CodeBuild's default test-report grant, scoped to this project's report groups.",
      ],
    ];
    for (const [resource, reason] of acknowledgements) {
      Validations.of(project).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    }
    // CodeBuild's own grants, generated from `source` and `encryptionKey`: read the one source zip in
    // the CDK assets bucket, and use the project key for its artifacts and logs.
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(project).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Generated by CodeBuild for its source asset object and its own encryption key; not widened by opslake.',
      });
    }
  }

  private builtDatabaseNames(): string[] {
    return [this.martsDatabaseName, this.biDatabaseName, this.stagingDatabaseName];
  }
}
