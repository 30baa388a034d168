/**
 * IngestPipeline: every object created in the landing bucket is validated and written to the lake
 * by the ingest Lambda (functions/ingest/handler.ts).
 *
 * S3 notifies an SQS queue rather than the Lambda directly: the queue buffers bursts, retries with
 * a visibility timeout, reports partial batch failures per message, and parks poison files in a
 * dead-letter queue after `maxReceiveCount` attempts — where an alarm tells an operator.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AUDIT_ROOT_PREFIX, LEDGER_PREFIX, RAW_PREFIX, STAGING_PREFIX } from '../../schemas/lake-layout.js';
import { grantPrefixes } from '../grants.js';
import { opslakeFunction } from '../opslake-function.js';
import type { LogEncryption } from './log-encryption.js';
import type { OpsAlerts } from './ops-alerts.js';

const HANDLER_ENTRY = 'functions/ingest/handler.ts';

/** The ingest function's Lambda runtime; the bundle test runs the artefact on the same major. */
export const INGEST_RUNTIME = lambda.Runtime.NODEJS_24_X;

const DEFAULT_MAX_CONCURRENCY = 20;

/** AWS's guidance: an SQS visibility timeout of at least six times the consuming function's timeout. */
const VISIBILITY_TO_FUNCTION_TIMEOUT = 6;

export interface IngestPipelineProps {
  readonly landing: s3.IBucket;
  readonly lake: s3.IBucket;
  readonly quarantine: s3.IBucket;
  /** The key encrypting the three buckets. */
  readonly dataKey: kms.IKey;
  readonly alerts: OpsAlerts;
  /** Encrypts the function's log group. */
  readonly logs: LogEncryption;
  /** 1,769 MB is one full vCPU; parsing and Parquet encoding are CPU-bound. */
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Deliveries of one message before it moves to the dead-letter queue. */
  readonly maxReceiveCount?: number;
  /** Messages (files) per invocation; failures are reported per message. */
  readonly batchSize?: number;
  /** Upper bound on concurrent invocations, to protect the lake's request rate and the account. */
  readonly maxConcurrency?: number;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Default nodejs24.x, the newest Lambda runtime aws-cdk-lib offers; the bundle is tested under a
   * Node 24 binary (test/infra/ingest-bundle.test.ts) although the repository's tools run on Node 20.
   */
  readonly runtime?: lambda.Runtime;
  readonly destroyOnRemoval?: boolean;
}

export class IngestPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: nodejs.NodejsFunction;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const removalPolicy = props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const timeout = props.timeout ?? Duration.minutes(5);
    const maxConcurrency = props.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;

    // Its own key: S3 must be allowed to use the queue's key to send notifications, and that grant
    // should not reach the key protecting the data.
    const queueKey = new kms.Key(this, 'QueueKey', {
      description: 'opslake ingest queues',
      enableKeyRotation: true,
      removalPolicy,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      // Long enough to investigate and redrive a poison file after a holiday.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Landed', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * VISIBILITY_TO_FUNCTION_TIMEOUT),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    props.landing.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue));

    this.function = this.ingestFunction(props, timeout, maxConcurrency, removalPolicy);
    this.function.addEventSource(
      new eventSources.SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 5,
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );

    this.grantIngestAccess(props);
    this.alarms = this.ingestAlarms(props.alerts);

    acknowledgeBucketNotificationsHelper(Stack.of(this));
  }

  /** The function, its log group, and a role that may write to that log group only. */
  private ingestFunction(
    props: IngestPipelineProps,
    timeout: Duration,
    maxConcurrency: number,
    removalPolicy: RemovalPolicy,
  ): nodejs.NodejsFunction {
    return opslakeFunction(this, {
      entry: HANDLER_ENTRY,
      description: 'opslake ingest: landed feed file → validated Parquet in the lake',
      roleDescription: 'opslake ingest Lambda',
      runtime: props.runtime ?? INGEST_RUNTIME,
      memorySize: props.memorySize ?? 1769,
      // Reserved as many as the queue may drive: the ingest never starves other functions of the
      // account's pool, and a burst of files never runs more than this many at once.
      reservedConcurrentExecutions: maxConcurrency,
      timeout,
      environment: {
        LANDING_BUCKET: props.landing.bucketName,
        LAKE_BUCKET: props.lake.bucketName,
        QUARANTINE_BUCKET: props.quarantine.bucketName,
        POWERTOOLS_SERVICE_NAME: 'opslake-ingest',
        LOG_LEVEL: props.logLevel ?? 'INFO',
      },
      environmentKey: props.dataKey,
      logs: props.logs,
      removalPolicy,
    });
  }

  /** Object access on exactly the prefixes the ingest reads and writes, and the data key's use. */
  private grantIngestAccess(props: IngestPipelineProps): void {
    grantPrefixes(
      this.function,
      this,
      [
        { bucket: props.landing, prefix: '', access: 'read' },
        // raw/ is written and read back (site timezones from raw/reference/sites/).
        { bucket: props.lake, prefix: RAW_PREFIX, access: 'readWrite' },
        { bucket: props.lake, prefix: AUDIT_ROOT_PREFIX, access: 'write' },
        { bucket: props.lake, prefix: LEDGER_PREFIX, access: 'readWrite' },
        // Large files spill per-partition parts here before they are published under raw/.
        { bucket: props.lake, prefix: STAGING_PREFIX, access: 'readWrite' },
        { bucket: props.quarantine, prefix: '', access: 'readWrite' },
      ],
      props.dataKey,
    );
  }

  private ingestAlarms(alerts: OpsAlerts): cloudwatch.Alarm[] {
    const alarm = new cloudwatchActions.SnsAction(alerts.topic);
    const deadLetters = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'A landed file failed ingest repeatedly and is parked in the dead-letter queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const errors = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The ingest function failed (a crash or timeout, not a rejected file).',
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const backlog = new cloudwatch.Alarm(this, 'BacklogAlarm', {
      alarmDescription: 'Landed files have waited over an hour for ingest.',
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: Duration.hours(1).toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const alarms = [deadLetters, errors, backlog];
    for (const each of alarms) each.addAlarmAction(alarm);
    return alarms;
  }
}

/**
 * `addEventNotification` deploys CDK's own singleton Lambda that writes the bucket's notification
 * configuration; its role and runtime are CDK's, not ours.
 */
function acknowledgeBucketNotificationsHelper(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
    Validations.of(child).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's bucket-notification helper Lambda (a deploy-time custom resource) uses the basic execution role.",
    });
  }
}
