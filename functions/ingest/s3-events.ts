/**
 * S3 event notifications delivered through SQS → the landing objects to ingest. The message shape
 * is Powertools Parser's (SqsRecordSchema, S3Schema, JSONStringified for the body), so a message
 * that is not an S3 notification fails with the fields it gets wrong instead of deep in the ingest.
 */
import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { MalformedMessage } from '../core/errors.js';
import { isSequencer } from '../core/sequencer.js';

export interface LandedObject {
  readonly bucket: string;
  /** The decoded object key (S3 URL-encodes keys in notifications, with `+` for a space). */
  readonly key: string;
  readonly size: number | undefined;
  /** Orders events for the same key (see core/sequencer.ts); absent in hand-made events. */
  readonly sequencer: string | undefined;
  /** The request id of the PUT that created the object: the object's correlation id in logs. */
  readonly requestId: string;
}

const S3RecordSchema = S3Schema.shape.Records.element.extend({
  // Powertools takes an IPv4 address or s3.amazonaws.com only; an uploader on a dual-stack endpoint
  // arrives as IPv6. The ingest never reads it, so any string will do.
  requestParameters: z.object({ sourceIPAddress: z.string() }),
});

/** What S3 sends once when a notification is configured; it announces no object. */
const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

/** An SQS record whose body is an S3 event notification (or S3's test event). */
export const S3NotificationRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(z.union([S3TestEventSchema, z.object({ Records: z.array(S3RecordSchema).min(1) })])),
});

/** S3 notifications encode keys like a form: `+` is a space, the rest is percent-encoded. */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * The objects an SQS message announces: ObjectCreated records only; `s3:TestEvent` announces none.
 * Throws MalformedMessage (errors.ts) naming the message and the fields it gets wrong.
 */
export function landedObjects(record: SQSRecord): LandedObject[] {
  const parsed = parse(record, undefined, S3NotificationRecordSchema, true);
  if (!parsed.success) {
    const why = describeIssues((parsed.error.cause as readonly z.core.$ZodIssue[] | undefined) ?? []).join('; ');
    throw new MalformedMessage(`SQS message ${record.messageId} is not an S3 event notification: ${why}`);
  }
  const { body } = parsed.data;
  if (!('Records' in body)) return [];
  return body.Records.filter((entry) => entry.eventName.startsWith('ObjectCreated:')).map((entry) => ({
    bucket: entry.s3.bucket.name,
    key: decodeS3Key(entry.s3.object.key),
    size: entry.s3.object.size,
    sequencer: isSequencer(entry.s3.object.sequencer) ? entry.s3.object.sequencer : undefined,
    requestId: entry.responseElements['x-amz-request-id'],
  }));
}

/** Each issue as `path: message`; a body that is neither kind names what each kind lacked. */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      return issue.errors.map((branch) => describeIssues(branch, path).join(', ')).join(' — or — ');
    }
    return `${path.map(String).join('.') || '(message)'}: ${issue.message}`;
  });
}
