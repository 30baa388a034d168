/**
 * The ingest Lambda: S3 object-created events, delivered through SQS, → `ingestFile` per object.
 *
 * - Partial batch responses: a failing message is reported alone, so it is retried (and after the
 *   queue's maxReceiveCount lands in the DLQ) without re-driving its neighbours.
 * - A file rejected whole is quarantined and audited: that is a result, not a failure; retrying
 *   it would give the same answer. Only unexpected errors (S3 down, a bug) fail the message.
 * - Re-delivery is safe: output keys come from the content hash and the ledger skips duplicates.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { attemptFailureKind } from '../core/errors.js';
import { type IngestResult, ingestFile } from '../core/ingest.js';
import { loadSiteTimezones } from '../core/site-timezones.js';
import type { Buckets } from '../core/storage/port.js';
import { createS3Client, s3Buckets } from '../core/storage/s3.js';
import { INGEST_METRICS_NAMESPACE, INGEST_SERVICE_NAME, recordIngestMetrics } from './metrics.js';
import { landedObjects } from './s3-events.js';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

// Created once per execution environment and reused across invocations.
const logger = new Logger({ serviceName: INGEST_SERVICE_NAME });
const metrics = new Metrics({ namespace: INGEST_METRICS_NAMESPACE, serviceName: INGEST_SERVICE_NAME });
const client = createS3Client({
  // Lets tests and local runs point at an S3-compatible endpoint (moto); unset in AWS.
  ...(process.env.OPSLAKE_S3_ENDPOINT ? { endpoint: process.env.OPSLAKE_S3_ENDPOINT, forcePathStyle: true } : {}),
});

export interface IngestDependencies {
  readonly buckets: Buckets;
  readonly landingBucket: string;
  readonly logger: Logger;
  /** Where rows in / valid / rejected and duration go (EMF); none in tests that do not look. */
  readonly metrics?: Metrics;
}

let defaultDependencies: IngestDependencies | undefined;
function dependencies(): IngestDependencies {
  defaultDependencies ??= {
    buckets: s3Buckets(client, {
      landing: requiredEnv('LANDING_BUCKET'),
      lake: requiredEnv('LAKE_BUCKET'),
      quarantine: requiredEnv('QUARANTINE_BUCKET'),
    }),
    landingBucket: requiredEnv('LANDING_BUCKET'),
    logger,
    metrics,
  };
  return defaultDependencies;
}

function auditFields(result: IngestResult) {
  const { rejections, ...audit } = result;
  return { ...audit, first_rejections: rejections.slice(0, 5) };
}

/** The handler body with its dependencies passed in, for tests. */
export async function handleEvent(event: SQSEvent, deps: IngestDependencies): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  // Site timezones change rarely; read once per batch, not per file.
  let timezones: Map<string, string> | undefined;
  for (const record of event.Records) {
    try {
      for (const object of landedObjects(record)) {
        deps.logger.appendKeys({ correlation_id: object.key });
        if (object.bucket !== deps.landingBucket) {
          deps.logger.warn('event for a bucket other than the landing bucket; ignored', { bucket: object.bucket });
          continue;
        }
        timezones ??= await loadSiteTimezones(deps.buckets.lake);
        const result = await ingestFile({
          buckets: deps.buckets,
          key: object.key,
          siteTimezones: timezones,
          ...(object.sequencer ? { sequencer: object.sequencer } : {}),
        });
        const log = result.outcome === 'rejected' || result.outcome === 'missing' ? 'warn' : 'info';
        deps.logger[log](`ingest ${result.outcome}`, auditFields(result));
        if (deps.metrics) recordIngestMetrics(deps.metrics, result);
      }
    } catch (error) {
      // The taxonomy (core/errors.ts) says why: storage and contention are retried to success,
      // a bug reaches the DLQ after maxReceiveCount; a file's own problem never gets here.
      deps.logger.error('ingest failed; the message will be retried', {
        message_id: record.messageId,
        error_kind: attemptFailureKind(error),
        error: error as Error,
      });
      failures.push({ itemIdentifier: record.messageId });
    } finally {
      deps.logger.removeKeys(['correlation_id']);
    }
  }
  return { batchItemFailures: failures };
}

export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  // The request id, function name and cold-start flag in every log line of this invocation.
  if (context) logger.addContext(context);
  return handleEvent(event, dependencies());
};
