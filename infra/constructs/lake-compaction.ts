import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AUDIT_ROOT_PREFIX,
  PARTITION_LEDGER_PREFIX,
  RAW_PREFIX,
  SOURCE_LEDGER_PREFIX,
} from '../../schemas/lake-layout.js';
import { grantPrefixes, type PrefixGrant } from '../grants.js';
import { opslakeFunction } from '../opslake-function.js';
import { INGEST_RUNTIME } from './ingest-pipeline.js';
import type { LogEncryption } from './log-encryption.js';
import type { OpsAlerts } from './ops-alerts.js';

const HANDLER_ENTRY = 'functions/ingest/compact-handler.ts';

/** Before the daily maintenance transform run (03:00 UTC), so that build reads the compacted lake. */
export const DEFAULT_COMPACTION_SCHEDULE = events.Schedule.cron({ minute: '30', hour: '2' });

export interface LakeCompactionProps {
  readonly lake: s3.IBucket;
  /** The key encrypting the lake bucket. */
  readonly dataKey: kms.IKey;
  readonly alerts: OpsAlerts;
  /** Encrypts the function's log group. */
  readonly logs: LogEncryption;
  /**
   * When to compact.
   * @default daily at 02:30 UTC (DEFAULT_COMPACTION_SCHEDULE)
   */
  readonly schedule?: events.Schedule;
  /**
   * A first run over a year of uncompacted files reads ~15k audit objects, 16 at a time, and every
   * partition's data files, 8 partitions at a time.
   * @default 15 minutes, Lambda's maximum
   */
  readonly timeout?: Duration;
  /** @default 1024 MB */
  readonly memorySize?: number;
  /** @default false (the log group is kept when the stack is removed) */
  readonly destroyOnRemoval?: boolean;
}

/**
 * What the run touches in the lake, and no more: the data files and the audit log are read,
 * written and deleted; compaction entries are read and swapped but never deleted (deleting one
 * would orphan its compacted file); the source ledger is only read, to learn which versions stand.
 */
export function compactionGrants(lake: s3.IBucket): PrefixGrant[] {
  return [
    { bucket: lake, prefix: RAW_PREFIX, access: 'readWrite' },
    { bucket: lake, prefix: AUDIT_ROOT_PREFIX, access: 'readWrite' },
    { bucket: lake, prefix: PARTITION_LEDGER_PREFIX, access: 'readPut' },
    { bucket: lake, prefix: SOURCE_LEDGER_PREFIX, access: 'read' },
  ];
}

/**
 * The scheduled `opslake compact`: an EventBridge rule invokes a Lambda that merges each lake
 * partition's ingest outputs into one file and each day of the audit log into one, one run at a
 * time, and alarms the ops topic when a run fails.
 */
export class LakeCompaction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly rule: events.Rule;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LakeCompactionProps) {
    super(scope, id);
    this.function = this.compactionFunction(props);
    grantPrefixes(this.function, this, compactionGrants(props.lake), props.dataKey);
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'opslake: compact the lake data and the ingest audit log',
      schedule: props.schedule ?? DEFAULT_COMPACTION_SCHEDULE,
      // A failed run is not retried by EventBridge: the next scheduled run redoes it, and the alarm tells.
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
    this.alarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The scheduled lake and audit-log compaction failed; the next run retries it.',
      metric: this.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alerts.topic));
  }

  /** The function, its encrypted log group, and a role that may write to that log group only. */
  private compactionFunction(props: LakeCompactionProps): nodejs.NodejsFunction {
    return opslakeFunction(this, {
      entry: HANDLER_ENTRY,
      description: "opslake: merge each lake partition's data files, and each day of the audit log, into one file",
      roleDescription: 'opslake lake and audit-log compaction Lambda',
      runtime: INGEST_RUNTIME,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(15),
      reservedConcurrentExecutions: 1,
      environment: {
        LAKE_BUCKET: props.lake.bucketName,
        POWERTOOLS_SERVICE_NAME: 'opslake-compaction',
        LOG_LEVEL: 'INFO',
      },
      environmentKey: props.dataKey,
      logs: props.logs,
      removalPolicy: props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
  }
}
