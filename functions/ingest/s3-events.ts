/**
 * S3 event notifications delivered through SQS → the landing keys to ingest. Pure functions, so
 * the handler stays a thin loop and the mapping is unit-testable without AWS.
 */
import type { SQSRecord } from 'aws-lambda';
import { isSequencer } from '../core/sequencer.js';

export interface LandedObject {
  readonly bucket: string;
  /** The decoded object key (S3 URL-encodes keys in notifications, with `+` for a space). */
  readonly key: string;
  readonly size: number | undefined;
  /** Orders events for the same key (see core/sequencer.ts); absent in hand-made events. */
  readonly sequencer: string | undefined;
}

/** S3 notifications encode keys like a form: `+` is a space, the rest is percent-encoded. */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

interface S3NotificationBody {
  readonly Event?: string;
  readonly Records?: readonly {
    readonly eventName?: string;
    readonly s3?: {
      readonly bucket?: { readonly name?: string };
      readonly object?: { readonly key?: string; readonly size?: number; readonly sequencer?: string };
    };
  }[];
}

/**
 * The objects an SQS message announces. `s3:TestEvent` (sent when a notification is configured)
 * announces none. Throws on a body that is not an S3 notification: that message is a failure.
 */
export function landedObjects(record: Pick<SQSRecord, 'body' | 'messageId'>): LandedObject[] {
  let body: S3NotificationBody;
  try {
    body = JSON.parse(record.body) as S3NotificationBody;
  } catch {
    throw new Error(`SQS message ${record.messageId} is not JSON; expected an S3 event notification`);
  }
  if (body.Event === 's3:TestEvent') return [];
  if (!Array.isArray(body.Records)) {
    throw new Error(`SQS message ${record.messageId} has no Records; expected an S3 event notification`);
  }
  const objects: LandedObject[] = [];
  for (const entry of body.Records) {
    if (entry.eventName !== undefined && !entry.eventName.startsWith('ObjectCreated:')) continue;
    const bucket = entry.s3?.bucket?.name;
    const key = entry.s3?.object?.key;
    if (bucket === undefined || key === undefined) {
      throw new Error(`SQS message ${record.messageId}: an S3 record lacks bucket or key`);
    }
    const sequencer = entry.s3?.object?.sequencer;
    objects.push({
      bucket,
      key: decodeS3Key(key),
      size: entry.s3?.object?.size,
      sequencer: isSequencer(sequencer) ? sequencer : undefined,
    });
  }
  return objects;
}
