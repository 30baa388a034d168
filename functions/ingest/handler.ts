/**
 * The ingest Lambda: S3 object-created events, delivered through SQS, → `ingestFile` per object.
 *
 * - Partial batch responses (Powertools Batch): a failing message is reported alone, so it is
 *   retried (and after the queue's maxReceiveCount lands in the DLQ) without re-driving its
 *   neighbours. Messages are taken one at a time: each file's ingest uses the memory budget whole.
 * - Messages are read with Powertools Parser's SQS and S3 schemas (s3-events.ts).
 * - A file rejected whole is quarantined and audited: that is a result, not a failure; retrying
 *   it would give the same answer. Only unexpected errors (S3 down, a bug) fail the message.
 * - Every log line carries the Lambda context (request id, function, cold start) and, while an
 *   object is ingested, its correlation id (the S3 request id of its PUT) and key.
 * - Re-delivery is safe: output keys come from the content hash and the ledger skips duplicates.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { attemptFailureKind } from '../core/errors.js';
import { type IngestResult, ingestFile } from '../core/ingest.js';
import { loadSiteTimezones } from '../core/site-timezones.js';
import type { Buckets } from '../core/storage/port.js';
import { s3Buckets } from '../core/storage/s3.js';
import { requiredEnv, s3ClientFromEnvironment } from './environment.js';
import { INGEST_METRICS_NAMESPACE, INGEST_SERVICE_NAME, recordIngestMetrics } from './metrics.js';
import { type LandedObject, landedObjects } from './s3-events.js';

// Created once per execution environment and reused across invocations.
const logger = new Logger({ serviceName: INGEST_SERVICE_NAME });
const metrics = new Metrics({ namespace: INGEST_METRICS_NAMESPACE, serviceName: INGEST_SERVICE_NAME });
const client = s3ClientFromEnvironment();

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
export async function handleEvent(
  event: SQSEvent,
  deps: IngestDependencies,
  context?: Context,
): Promise<SQSBatchResponse> {
  // The request id, function name and cold-start flag in every log line of this invocation.
  if (context) deps.logger.addContext(context);
  // Site timezones change rarely; read once per batch (when a file needs them), not per file.
  let timezones: Map<string, string> | undefined;
  const siteTimezones = async () => {
    timezones ??= await loadSiteTimezones(deps.buckets.lake);
    return timezones;
  };
  const onRecord = async (record: SQSRecord): Promise<void> => {
    try {
      for (const object of landedObjects(record)) await ingestObject(object, deps, siteTimezones);
    } catch (error) {
      // The taxonomy (core/errors.ts) says why: storage and contention are retried to success,
      // a malformed message or a bug reaches the DLQ after maxReceiveCount; a file's own problem
      // never gets here.
      deps.logger.error('ingest failed; the message will be retried', {
        message_id: record.messageId,
        error_kind: attemptFailureKind(error),
        error: error as Error,
      });
      throw error;
    }
  };
  return processPartialResponse(event, onRecord, new BatchProcessor(EventType.SQS), {
    ...(context ? { context } : {}),
    // One file at a time, and every message its own answer even when all fail (the queue retries each).
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
}

async function ingestObject(
  object: LandedObject,
  deps: IngestDependencies,
  siteTimezones: () => Promise<Map<string, string>>,
): Promise<void> {
  deps.logger.setCorrelationId(object.requestId);
  deps.logger.appendKeys({ object_key: object.key });
  try {
    if (object.bucket !== deps.landingBucket) {
      deps.logger.warn('event for a bucket other than the landing bucket; ignored', { bucket: object.bucket });
      return;
    }
    const result = await ingestFile({
      buckets: deps.buckets,
      key: object.key,
      siteTimezones: await siteTimezones(),
      ...(object.sequencer ? { sequencer: object.sequencer } : {}),
    });
    const log = result.outcome === 'rejected' || result.outcome === 'missing' ? 'warn' : 'info';
    deps.logger[log](`ingest ${result.outcome}`, auditFields(result));
    if (deps.metrics) recordIngestMetrics(deps.metrics, result);
  } finally {
    deps.logger.removeKeys(['correlation_id', 'object_key']);
  }
}

export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
  handleEvent(event, dependencies(), context);
