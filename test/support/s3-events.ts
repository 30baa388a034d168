/**
 * SQS records carrying S3 event notifications, field for field as AWS delivers them (the handler
 * reads them with Powertools Parser's schemas, which require every field S3 and SQS always send).
 */
import type { SQSRecord } from 'aws-lambda';

export function sqsRecord(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767322800000',
      SenderId: 'AIDAEXAMPLESENDER',
      ApproximateFirstReceiveTimestamp: '1767322800001',
    },
    messageAttributes: {},
    md5OfBody: 'd41d8cd98f00b204e9800998ecf8427e',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}

export interface S3RecordOptions {
  readonly eventName?: string;
  readonly sequencer?: string;
  readonly size?: number;
  /** `responseElements['x-amz-request-id']`: the PUT's request id. */
  readonly requestId?: string;
  readonly sourceIPAddress?: string;
}

/** One S3 event record, with the key encoded the way S3 encodes it (`+` for a space). */
export function s3Record(bucket: string, key: string, options: S3RecordOptions = {}) {
  const encoded = encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2026-01-02T03:04:05.678Z',
    eventName: options.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLEUPLOADER' },
    requestParameters: { sourceIPAddress: options.sourceIPAddress ?? '203.0.113.10' },
    responseElements: {
      'x-amz-request-id': options.requestId ?? 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'opslake-landing',
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKEXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encoded,
        size: options.size ?? 1,
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
        ...(options.sequencer ? { sequencer: options.sequencer } : {}),
      },
    },
  };
}

/** An S3 notification announcing one object. */
export const s3Notification = (bucket: string, key: string, options: S3RecordOptions = {}) => ({
  Records: [s3Record(bucket, key, options)],
});

/** What S3 sends once when a notification is configured. */
export const S3_TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-01-02T03:04:05.678Z',
  Bucket: 'opslake-landing',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw9DQEXAMPLE',
};
