/**
 * AuditCompaction: on a schedule, a Lambda (functions/ingest/compact-audit-handler.ts) merges each
 * day's small audit files in the lake into one, so the Athena audit table and dbt's tests on it read
 * a file per day instead of one per ingest attempt — `opslake compact`, in AWS.
 *
 * It may only read, write and delete under the audit prefix. One run at a time (reserved
 * concurrency 1); a run beside an ingest, or a re-run after a crash, is safe by construction of the
 * core step (core/audit-compaction.ts). A failed run alarms through the ops alerts topic.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AUDIT_ROOT_PREFIX } from '../../schemas/lake-layout.js';
import { grantPrefixes } from '../grants.js';
import { opslakeBundling } from '../lambda-bundling.js';
import { INGEST_RUNTIME } from './ingest-pipeline.js';
import type { LogEncryption } from './log-encryption.js';
import type { OpsAlerts } from './ops-alerts.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HANDLER_ENTRY = path.join(REPO_ROOT, 'functions/ingest/compact-audit-handler.ts');

/** Before the daily maintenance transform run (03:00 UTC), so that build reads the compacted log. */
export const DEFAULT_AUDIT_COMPACTION_SCHEDULE = events.Schedule.cron({ minute: '30', hour: '2' });

export interface AuditCompactionProps {
  readonly lake: s3.IBucket;
  /** The key encrypting the lake bucket. */
  readonly dataKey: kms.IKey;
  readonly alerts: OpsAlerts;
  /** Encrypts the function's log group. */
  readonly logs: LogEncryption;
  /**
   * When to compact.
   * @default daily at 02:30 UTC (DEFAULT_AUDIT_COMPACTION_SCHEDULE)
   */
  readonly schedule?: events.Schedule;
  /**
   * A first run over a year of uncompacted files reads ~15k objects, 16 at a time.
   * @default 15 minutes, Lambda's maximum
   */
  readonly timeout?: Duration;
  /** @default 1024 MB */
  readonly memorySize?: number;
  /** @default false (the log group is kept when the stack is removed) */
  readonly destroyOnRemoval?: boolean;
}

export class AuditCompaction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly rule: events.Rule;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AuditCompactionProps) {
    super(scope, id);
    this.function = this.compactionFunction(props);
    grantPrefixes(
      this.function,
      this,
      [{ bucket: props.lake, prefix: AUDIT_ROOT_PREFIX, access: 'readWrite' }],
      props.dataKey,
    );
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'opslake: compact the ingest audit log',
      schedule: props.schedule ?? DEFAULT_AUDIT_COMPACTION_SCHEDULE,
      // A failed run is not retried by EventBridge: the next scheduled run redoes it, and the alarm tells.
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
    this.alarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The scheduled audit-log compaction failed; the next run retries it.',
      metric: this.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alerts.topic));
  }

  /** The function, its encrypted log group, and a role that may write to that log group only. */
  private compactionFunction(props: AuditCompactionProps): nodejs.NodejsFunction {
    const removalPolicy = props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logGroup = props.logs.logGroup(this, 'Logs', { removalPolicy });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'opslake audit-log compaction Lambda',
    });
    logGroup.grantWrite(role);
    return new nodejs.NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      handler: 'handler',
      runtime: INGEST_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(15),
      reservedConcurrentExecutions: 1,
      role,
      logGroup,
      environmentEncryption: props.dataKey,
      description: 'opslake: merge each day of the ingest audit log into one file',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        LAKE_BUCKET: props.lake.bucketName,
        POWERTOOLS_SERVICE_NAME: 'opslake-audit-compaction',
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: opslakeBundling(),
    });
  }
}
