/**
 * ReportJob: the monthly governance report, rendered from Athena and written to the reports bucket
 * under `reports/<YYYY-MM>/` (functions/report/aws-job.ts).
 *
 * A Fargate task, not a Lambda: the report prints with Debian's chromium, the browser the local
 * report and its tests use, which fits a container image and not Lambda's runtime. EventBridge
 * starts a state machine early each month; it runs the task, retries once, and alerts the topic on
 * failure (the Failed-execution alarm covers an alert that itself fails). The task runs in public
 * subnets with a public IP and no inbound rule — no NAT gateway to pay for; it calls only AWS APIs.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnResource, Duration, IgnoreMode, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { REPORTS_PREFIX } from '../../functions/report/aws-job.js';
import { MARTS_PREFIX, QUARANTINE_ROWS_PREFIX, RAW_PREFIX } from '../../schemas/lake-layout.js';
import { grantPrefixes, logicalIdOf } from '../grants.js';
import type { LogEncryption } from './log-encryption.js';
import type { OpsAlerts } from './ops-alerts.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The image's build context: only what the job runs (Docker ignore syntax, from the repository root). */
const IMAGE_CONTEXT_EXCLUDE = [
  '*',
  '!package.json',
  '!package-lock.json',
  '!tsconfig.json',
  '!schemas',
  '!functions',
  '!infra/images/report',
  'functions/cli/dist',
];

export interface ReportJobProps {
  readonly reports: s3.IBucket;
  readonly lake: s3.IBucket;
  readonly quarantine: s3.IBucket;
  readonly athenaResults: s3.IBucket;
  /** Encrypts the buckets and the Athena results. */
  readonly key: kms.IKey;
  /** The workgroup the report queries in; its results prefix is `<name's purpose>/`. */
  readonly workgroup: athena.CfnWorkGroup;
  /** The results prefix of `workgroup` in `athenaResults`, e.g. `analysts/`. */
  readonly workgroupResultsPrefix: string;
  /** Glue databases the report reads (marts and KPI tables); data under the lake's `marts/<database>/`. */
  readonly databases: readonly string[];
  /** The database unqualified table names resolve in. */
  readonly defaultDatabase: string;
  readonly alerts: OpsAlerts;
  readonly logs: LogEncryption;
  /** @default 06:00 UTC on the 2nd of each month (after month-end feeds and the night's dbt runs) */
  readonly schedule?: events.Schedule;
  /** @default a VPC with two public subnets, no NAT gateway */
  readonly vpc?: ec2.IVpc;
  /** @default 2 vCPU, 4 GiB: Chromium prints the report twice */
  readonly cpu?: number;
  readonly memoryLimitMiB?: number;
  /** @default 1 hour */
  readonly timeout?: Duration;
  readonly destroyOnRemoval?: boolean;
}

export class ReportJob extends Construct {
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: events.Rule;
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReportJobProps) {
    super(scope, id);
    const removalPolicy = props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const vpc = props.vpc ?? this.publicVpc(props.logs, removalPolicy);
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu ?? 2048,
      memoryLimitMiB: props.memoryLimitMiB ?? 4096,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const container = this.addReportContainer(props, removalPolicy);
    this.grantReportAccess(props, this.taskDefinition.taskRole);

    this.stateMachine = this.runStateMachine(props, container, removalPolicy);
    props.alerts.grantPublish(this.stateMachine);
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Renders the opslake governance report for the previous month',
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '6', day: '2' }),
      targets: [new targets.SfnStateMachine(this.stateMachine)],
    });
    this.failedAlarm = this.failedRunsAlarm(props.alerts);
    this.acknowledge();
  }

  /** The report's image (built from the repository) and its log group, on the task definition. */
  private addReportContainer(props: ReportJobProps, removalPolicy: RemovalPolicy): ecs.ContainerDefinition {
    return this.taskDefinition.addContainer('Report', {
      image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
        file: 'infra/images/report/Dockerfile',
        exclude: IMAGE_CONTEXT_EXCLUDE,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'report',
        logGroup: props.logs.logGroup(this, 'Logs', { removalPolicy }),
      }),
      // Names only (buckets, workgroup, database); no secrets.
      environment: {
        REPORTS_BUCKET: props.reports.bucketName,
        LAKE_BUCKET: props.lake.bucketName,
        QUARANTINE_BUCKET: props.quarantine.bucketName,
        ATHENA_WORKGROUP: props.workgroup.ref,
        MARTS_DATABASE: props.defaultDatabase,
      },
    });
  }

  /** Run the task, retry once, and on failure alert the topic before failing the execution. */
  private runStateMachine(
    props: ReportJobProps,
    container: ecs.ContainerDefinition,
    removalPolicy: RemovalPolicy,
  ): sfn.StateMachine {
    const timeout = props.timeout ?? Duration.hours(1);
    const run = tasks.EcsRunTask.jsonPath(this, 'RenderReport', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      launchTarget: new tasks.EcsFargateLaunchTarget({ platformVersion: ecs.FargatePlatformVersion.LATEST }),
      assignPublicIp: true,
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      taskTimeout: sfn.Timeout.duration(timeout),
      containerOverrides: [{ containerDefinition: container, environment: [] }],
      resultPath: sfn.JsonPath.DISCARD,
    });
    // An Athena throttle or a Chromium crash is worth one more try; then a person looks.
    run.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.minutes(5), maxAttempts: 1 });
    const notify = tasks.SnsPublish.jsonPath(this, 'NotifyFailure', {
      topic: props.alerts.topic,
      subject: 'opslake: monthly report failed',
      message: sfn.TaskInput.fromJsonPathAt('$.error'),
      resultPath: sfn.JsonPath.DISCARD,
    });
    run.addCatch(notify.next(new sfn.Fail(this, 'ReportFailed')), { resultPath: '$.error' });

    return new sfn.StateMachine(this, 'Runs', {
      definitionBody: sfn.DefinitionBody.fromChainable(run.next(new sfn.Succeed(this, 'ReportWritten'))),
      // A backstop past both attempts, so the Catch (and its alert) always runs first.
      timeout: Duration.minutes(timeout.toMinutes() * 2 + 30),
      tracingEnabled: true,
      logs: {
        destination: props.logs.logGroup(this, 'StateMachineLogs', { removalPolicy }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });
  }

  private failedRunsAlarm(alerts: OpsAlerts): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'Failed', {
      alarmDescription: 'The monthly report run failed, timed out or was aborted. Runbook: docs/deploy.md#report-job',
      metric: new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ statistic: 'Sum' }),
          timedOut: this.stateMachine.metricTimedOut({ statistic: 'Sum' }),
          aborted: this.stateMachine.metricAborted({ statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(alerts.topic));
    return alarm;
  }

  private publicVpc(logs: LogEncryption, removalPolicy: RemovalPolicy): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
    });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logs.logGroup(this, 'FlowLogs', { removalPolicy })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    return vpc;
  }

  /**
   * What rendering needs: queries in its workgroup over the marts, the raw partition listing (feed
   * coverage) without reading raw objects, the quarantined rows (rejection reasons), and writing
   * under `reports/`.
   */
  private grantReportAccess(props: ReportJobProps, role: iam.IRole): void {
    const stack = Stack.of(this);
    const glue = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetWorkGroup',
        ],
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroup.ref })],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
        resources: [
          glue('catalog'),
          ...props.databases.flatMap((name) => [glue('database', name), glue('table', `${name}/*`)]),
        ],
      }),
    );
    // Listing raw/ partitions tells which days a feed delivered; no raw object is read.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.lake.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${RAW_PREFIX}*`] } },
      }),
    );
    grantPrefixes(
      role,
      this,
      [
        ...props.databases.map((name) => ({
          bucket: props.lake,
          prefix: `${MARTS_PREFIX}${name}/`,
          access: 'read' as const,
        })),
        { bucket: props.quarantine, prefix: QUARANTINE_ROWS_PREFIX, access: 'read' },
        { bucket: props.athenaResults, prefix: props.workgroupResultsPrefix, access: 'readWrite' },
        { bucket: props.reports, prefix: REPORTS_PREFIX, access: 'write' },
      ],
      props.key,
    );
    for (const name of props.databases) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${name}/*]`,
        reason: `The report reads the marts and KPI tables dbt builds in ${name}.`,
      });
    }
  }

  private acknowledge(): void {
    // checkov reads CloudFormation Metadata; a skip on this one policy rather than in .checkov.yaml,
    // which would switch the check off for every policy of the stack.
    const machinePolicy = this.stateMachine.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (machinePolicy instanceof CfnResource) {
      machinePolicy.addMetadata('checkov', {
        skip: [
          {
            id: 'CKV_AWS_111',
            comment:
              "CDK's EcsRunTask (.sync) grant: ecs:StopTask/DescribeTasks on tasks whose ARNs exist only once run; Step Functions stops the task on timeout.",
          },
        ],
      });
    }
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment holds bucket, workgroup and database names only; no secrets.',
    });
    const execution = this.taskDefinition.executionRole;
    if (execution) {
      Validations.of(execution).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'ecr:GetAuthorizationToken supports no resource-level permission (the image pull grant CDK adds).',
      });
    }
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery APIs do not support resource-level permissions.',
    });
    // RunTask on every revision (`:*`) of this task definition: the family, as CDK grants it.
    const task = { Ref: logicalIdOf(this.taskDefinition) };
    const part = (i: number) => JSON.stringify({ 'Fn::Select': [i, { 'Fn::Split': [':', task] }] });
    const familyPart = (i: number) =>
      JSON.stringify({
        'Fn::Select': [i, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', task] }] }] }],
      });
    Validations.of(this.stateMachine).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${[1, 2, 3, 4].map(part).join(':')}:${familyPart(0)}/${familyPart(1)}:*]`,
      reason: 'ecs:RunTask on the revisions of this one task definition (CDK grants the family).',
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "The alerts topic key's grant for publishing failures; SNS needs a data key per message.",
    });
  }
}
