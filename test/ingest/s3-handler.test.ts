/**
 * The S3 adapter and the Lambda handler against a real S3 API (moto's server on loopback): buckets
 * are created, feed files put, the handler invoked with a synthetic SQS event, and the Parquet read
 * back. Fake credentials; nothing reaches AWS.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as arrow from 'apache-arrow';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attemptFailureKind, MalformedMessage } from '../../functions/core/errors.js';
import { readEntry } from '../../functions/core/ledger.js';
import { ObjectNotFound, readAll } from '../../functions/core/storage/port.js';
import { S3ObjectStore } from '../../functions/core/storage/s3.js';
import { decodeS3Key, landedObjects } from '../../functions/ingest/s3-events.js';
import { csv, shipment } from '../support/ingest-fixtures.js';
import { type Moto, motoAvailable, motoServerPath, startMoto } from '../support/moto.js';
import { S3_TEST_EVENT, s3Notification, s3Record, sqsRecord } from '../support/s3-events.js';

const BUCKETS = { landing: 'opslake-landing', lake: 'opslake-lake', quarantine: 'opslake-quarantine' };

describe('S3 event mapping (Powertools Parser schemas)', () => {
  it('decodes keys: + is a space, percent escapes are UTF-8', () => {
    expect(decodeS3Key('tms/shipments/march+2026+%C3%A9t%C3%A9%2B1.csv')).toBe('tms/shipments/march 2026 été+1.csv');
  });

  it('only ObjectCreated records are ingested; several records in one message are all returned', () => {
    const body = {
      Records: [
        s3Record('b', 'tms/shipments/a.csv', { eventName: 'ObjectRemoved:Delete' }),
        s3Record('b', 'tms/shipments/b.csv', { size: 3, requestId: 'REQ-B' }),
        s3Record('b', 'x/y/c=1.csv', {
          eventName: 'ObjectCreated:CompleteMultipartUpload',
          sequencer: '0055AED6DCD90281E5',
          requestId: 'REQ-C',
        }),
      ],
    };
    expect(landedObjects(sqsRecord('m', body))).toStrictEqual([
      { bucket: 'b', key: 'tms/shipments/b.csv', size: 3, sequencer: undefined, requestId: 'REQ-B' },
      { bucket: 'b', key: 'x/y/c=1.csv', size: 1, sequencer: '0055AED6DCD90281E5', requestId: 'REQ-C' },
    ]);
  });

  it('an uploader on IPv6 (a dual-stack endpoint) is an S3 notification too', () => {
    const body = s3Notification('b', 'tms/shipments/v6.csv', { sourceIPAddress: '2001:db8::1' });
    expect(landedObjects(sqsRecord('v6', body)).map((o) => o.key)).toEqual(['tms/shipments/v6.csv']);
  });

  it('an s3:TestEvent announces no objects; anything else is a MalformedMessage naming the message and field', () => {
    expect(landedObjects(sqsRecord('t', S3_TEST_EVENT))).toEqual([]);
    const malformed = (record: SQSRecord) => {
      try {
        landedObjects(record);
      } catch (error) {
        expect(error).toBeInstanceOf(MalformedMessage);
        expect(attemptFailureKind(error)).toBe('message');
        return (error as Error).message;
      }
      throw new Error('expected a MalformedMessage');
    };
    expect(malformed(sqsRecord('x', 'not json'))).toMatch(/^SQS message x is not an S3 event notification: body: /);
    expect(malformed(sqsRecord('y', { hello: 1 }))).toMatch(
      /^SQS message y .*body\.Records: Invalid input: expected array/,
    );
    const noBucket = s3Notification('b', 'tms/shipments/z.csv') as { Records: { s3: Record<string, unknown> }[] };
    delete (noBucket.Records[0] as { s3: Record<string, unknown> }).s3.bucket;
    expect(malformed(sqsRecord('z', noBucket))).toMatch(/body\.Records\.0\.s3\.bucket/);
    const { receiptHandle: _, ...notSqs } = sqsRecord('w', s3Notification('b', 'tms/shipments/w.csv'));
    expect(malformed(notSqs as SQSRecord)).toMatch(/receiptHandle/);
  });
});

describe('against moto S3', () => {
  let moto: Moto;
  let client: S3Client;
  let handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  const saved = { ...process.env };

  beforeAll(async () => {
    expect(motoAvailable, `${motoServerPath} missing: make deps installs moto in the venv`).toBe(true);
    moto = await startMoto();
    client = moto.client();
    for (const name of Object.values(BUCKETS)) await client.send(new CreateBucketCommand({ Bucket: name }));
    Object.assign(process.env, {
      OPSLAKE_S3_ENDPOINT: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      LANDING_BUCKET: BUCKETS.landing,
      LAKE_BUCKET: BUCKETS.lake,
      QUARANTINE_BUCKET: BUCKETS.quarantine,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    // Imported after the environment is set: the handler creates its client at module load.
    ({ handler } = await import('../../functions/ingest/handler.js'));
  });

  afterAll(async () => {
    process.env = saved;
    client?.destroy();
    await moto?.stop();
  });

  const store = (bucket: string) => new S3ObjectStore(client, bucket);

  async function keysIn(bucket: string, prefix = ''): Promise<string[]> {
    const found: string[] = [];
    for await (const object of store(bucket).list(prefix)) found.push(object.key);
    return found;
  }

  it('S3ObjectStore: write, stat, streamed read, list across pages, move, delete, ObjectNotFound', async () => {
    const s = store(BUCKETS.quarantine);
    await s.write('adapter/a.txt', 'hello');
    expect(await s.stat('adapter/a.txt')).toEqual({ key: 'adapter/a.txt', size: 5 });
    expect(Buffer.from(await readAll(s, 'adapter/a.txt')).toString()).toBe('hello');
    expect(await s.stat('adapter/none')).toBeUndefined();
    await expect(readAll(s, 'adapter/none')).rejects.toBeInstanceOf(ObjectNotFound);
    // More than one ListObjectsV2 page (1,000 keys) to exercise the continuation token.
    await Promise.all(
      Array.from({ length: 1005 }, (_, i) =>
        client.send(new PutObjectCommand({ Bucket: BUCKETS.quarantine, Key: `paged/${i}`, Body: 'x' })),
      ),
    );
    expect((await keysIn(BUCKETS.quarantine, 'paged/')).length).toBe(1005);
    await s.move?.('adapter/a.txt', 'adapter/b.txt');
    expect(await s.stat('adapter/a.txt')).toBeUndefined();
    expect(await s.stat('adapter/b.txt')).toEqual({ key: 'adapter/b.txt', size: 5 });
    await s.delete('adapter/b.txt');
    expect(await s.stat('adapter/b.txt')).toBeUndefined();
  });

  it('S3ObjectStore: conditional writes (If-None-Match for a new object, If-Match on the ETag read)', async () => {
    const s = store(BUCKETS.quarantine);
    const key = 'cas/entry.json';
    expect(await s.readVersioned(key)).toBeUndefined();
    const created = await s.writeIfUnchanged(key, '{"v":1}', null);
    expect(await s.writeIfUnchanged(key, '{"v":"lost"}', null)).toBeUndefined();
    const first = await s.readVersioned(key);
    expect(Buffer.from(first?.body ?? []).toString()).toBe('{"v":1}');
    // The version a write returns is the ETag a read would give: the next swap needs no read.
    expect(created).toBe(first?.version);
    const updated = await s.writeIfUnchanged(key, '{"v":2}', created ?? null);
    // The ETag read before the last write is stale now: this writer lost the race.
    expect(await s.writeIfUnchanged(key, '{"v":"stale"}', first?.version ?? null)).toBeUndefined();
    const second = await s.readVersioned(key);
    expect(Buffer.from(second?.body ?? []).toString()).toBe('{"v":2}');
    expect(second?.version).not.toBe(first?.version);
    expect(updated).toBe(second?.version);
  });

  it('S3ObjectStore: a large streamed body goes up as a multipart upload and reads back intact', async () => {
    const s = store(BUCKETS.quarantine);
    const chunk = new Uint8Array(1 << 20).map((_, i) => i % 251);
    async function* body() {
      for (let i = 0; i < 12; i++) yield chunk;
    }
    await s.write('adapter/big.bin', body());
    const back = await readAll(s, 'adapter/big.bin');
    expect(back.length).toBe(12 << 20);
    expect(back[(7 << 20) + 1000]).toBe(chunk[1000]);
  });

  it('handler: ingests an announced file, URL-decoded, into Parquet on S3', async () => {
    const key = 'tms/shipments/Jan 2026 été.csv';
    await store(BUCKETS.landing).write(key, csv([shipment(1), shipment(2), shipment(3, { units: 'x' })]));
    const response = await handler({
      Records: [sqsRecord('m1', s3Notification(BUCKETS.landing, key)), sqsRecord('m2', S3_TEST_EVENT)],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    const outputs = await keysIn(BUCKETS.lake, 'raw/tms/shipments/');
    expect(outputs.length).toBe(2);
    const ids: string[] = [];
    for (const output of outputs) {
      const table = arrow.tableFromIPC(parquet.readParquet(await readAll(store(BUCKETS.lake), output)).intoIPCStream());
      for (let i = 0; i < table.numRows; i++) {
        ids.push(String(table.getChild('shipment_id')?.get(i)));
        expect(table.getChild('_source_key')?.get(i)).toBe(key);
      }
    }
    expect(ids.sort()).toEqual(['SH-1', 'SH-2']);
    expect(await keysIn(BUCKETS.quarantine, 'rows/tms/shipments/')).toHaveLength(1);
    expect((await keysIn(BUCKETS.lake, 'audit/ingest_files/')).length).toBeGreaterThanOrEqual(1);
  });

  it('handler: a re-delivered event is a no-op; a file rejected whole is not a batch failure', async () => {
    const before = await keysIn(BUCKETS.lake, 'raw/');
    await store(BUCKETS.landing).write('tms/shipments/empty.csv', '');
    const response = await handler({
      Records: [
        sqsRecord('again', s3Notification(BUCKETS.landing, 'tms/shipments/Jan 2026 été.csv')),
        sqsRecord('empty', s3Notification(BUCKETS.landing, 'tms/shipments/empty.csv')),
      ],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await keysIn(BUCKETS.lake, 'raw/')).toEqual(before);
    expect(await keysIn(BUCKETS.quarantine, 'files/tms/shipments/')).toEqual([
      'files/tms/shipments/empty.csv',
      'files/tms/shipments/empty.csv.reason.json',
    ]);
  });

  it('handler: an event older than the version already ingested (S3 sequencer) publishes nothing', async () => {
    const key = 'tms/shipments/sequenced.csv';
    await store(BUCKETS.landing).write(key, csv([shipment(21), shipment(22)]));
    await handler({
      Records: [sqsRecord('new', s3Notification(BUCKETS.landing, key, { sequencer: '0055AED6DCD90281F0' }))],
    });
    const published = await keysIn(BUCKETS.lake, 'raw/tms/shipments/');
    // The older version's event arrives late, while its content is what a slow GET still saw.
    await store(BUCKETS.landing).write(key, csv([shipment(21)]));
    const response = await handler({
      Records: [sqsRecord('old', s3Notification(BUCKETS.landing, key, { sequencer: '0055AED6DCD90281E5' }))],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await keysIn(BUCKETS.lake, 'raw/tms/shipments/')).toEqual(published);
    const { entry } = await readEntry(store(BUCKETS.lake), key);
    expect(entry.committed?.sequencer).toBe('0055AED6DCD90281F0');
  });

  it('handler: only the message that fails unexpectedly is reported for retry', async () => {
    await store(BUCKETS.landing).write('tms/shipments/ok2.csv', csv([shipment(10)]));
    const response = await handler({
      Records: [
        sqsRecord('garbled', 'this is not an S3 notification'),
        // A valid message in the same batch still succeeds and is not re-driven.
        sqsRecord('valid', s3Notification(BUCKETS.landing, 'tms/shipments/ok2.csv')),
      ],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'garbled' }]);
    expect((await keysIn(BUCKETS.lake, 'raw/tms/shipments/site=S1/')).some((k) => k.includes('dt=2026-01-02'))).toBe(
      true,
    );
  });

  it('handleEvent: an unexpected storage error (lake bucket missing) fails that message for retry', async () => {
    const { handleEvent } = await import('../../functions/ingest/handler.js');
    const { Logger } = await import('@aws-lambda-powertools/logger');
    const { s3Buckets } = await import('../../functions/core/storage/s3.js');
    await store(BUCKETS.landing).write('tms/shipments/ok3.csv', csv([shipment(11)]));
    const response = await handleEvent(
      { Records: [sqsRecord('broken-lake', s3Notification(BUCKETS.landing, 'tms/shipments/ok3.csv'))] },
      {
        buckets: s3Buckets(client, { ...BUCKETS, lake: 'no-such-lake-bucket' }),
        landingBucket: BUCKETS.landing,
        logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
      },
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'broken-lake' }]);
  });
  it('handleEvent: every log line carries the Lambda context; the lines of an object its correlation id and key', async () => {
    const { handleEvent } = await import('../../functions/ingest/handler.js');
    const { Logger } = await import('@aws-lambda-powertools/logger');
    const { s3Buckets } = await import('../../functions/core/storage/s3.js');
    const key = 'tms/shipments/logged.csv';
    await store(BUCKETS.landing).write(key, csv([shipment(31), shipment(32, { units: 'x' })]));
    const context = {
      functionName: 'opslake-ingest',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:opslake-ingest',
      memoryLimitInMB: '1024',
      awsRequestId: 'req-logged-1',
    } as Context;
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l.startsWith('{')),
      );
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    let response: Awaited<ReturnType<typeof handleEvent>>;
    try {
      response = await handleEvent(
        {
          Records: [
            sqsRecord('logged', s3Notification(BUCKETS.landing, key, { requestId: 'PUT-REQ-31' })),
            sqsRecord('garbled-2', { Records: [{ eventName: 'ObjectCreated:Put' }] }),
          ],
        },
        {
          buckets: s3Buckets(client, BUCKETS),
          landingBucket: BUCKETS.landing,
          logger: new Logger({ serviceName: 'test', logLevel: 'INFO' }),
        },
        context,
      );
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'garbled-2' }]);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => l.message)).toEqual(['ingest partial', 'ingest failed; the message will be retried']);
    for (const line of logged) {
      expect(line).toMatchObject({ function_request_id: 'req-logged-1', function_name: 'opslake-ingest' });
    }
    expect(logged[0]).toMatchObject({ correlation_id: 'PUT-REQ-31', object_key: key, rows_valid: 1 });
    expect(logged[1]).toMatchObject({ message_id: 'garbled-2', error_kind: 'message' });
    expect(logged[1]).not.toHaveProperty('correlation_id');
  });
});
