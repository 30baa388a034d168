/**
 * An S3 bucket as an ObjectStore. Reads stream the GetObject body (a whole object never sits in
 * memory); writes go through lib-storage's Upload, which switches to multipart for large bodies.
 * A single PUT or a completed multipart upload is atomic on S3: readers see the old object or the
 * whole new one, which is what the port promises.
 */

import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandOutput,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Buckets, ObjectBody, ObjectInfo, ObjectStore, VersionedObject } from './port.js';
import { ObjectNotFound } from './port.js';

/** True for the errors S3 (and S3-compatible servers) give for an absent key. */
function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, Code, $metadata } = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || Code === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    /** Optional key prefix inside the bucket, without a trailing slash. */
    private readonly prefix = '',
  ) {}

  get location(): string {
    return `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
  }

  private fullKey(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async *read(key: string): AsyncIterable<Uint8Array> {
    let body: AsyncIterable<Uint8Array>;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      if (!response.Body) throw new ObjectNotFound(key);
      // In Node the body is an IncomingMessage: an async iterable of Buffers.
      body = response.Body as unknown as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFound(key);
      throw error;
    }
    yield* body;
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      return { key, size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async write(key: string, body: ObjectBody): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: this.fullKey(key),
        Body: typeof body === 'string' || body instanceof Uint8Array ? body : Readable.from(body),
      },
      // Default 5 MiB parts, 4 in flight: bounded memory, and S3's 10,000-part limit allows ~48 GiB.
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.fullKey(prefix), ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { key: object.Key.slice(strip), size: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async readVersioned(key: string): Promise<VersionedObject | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      const body = await object.Body?.transformToByteArray();
      if (!body || object.ETag === undefined) throw new Error(`GetObject ${key} returned no body or ETag`);
      return { body, version: object.ETag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** S3 conditional writes: If-Match on the ETag read, or If-None-Match: * for a new object. */
  async writeIfUnchanged(key: string, body: Uint8Array | string, expected: string | null): Promise<string | undefined> {
    let written: PutObjectCommandOutput;
    try {
      written = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.fullKey(key),
          Body: body,
          ...(expected === null ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
      );
    } catch (error) {
      // 412: the condition failed; 409: a concurrent conditional write to the key is in progress.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return undefined;
      throw error;
    }
    // The object is written; without its ETag the next swap could not be conditional on it.
    if (written.ETag === undefined) throw new Error(`PutObject ${key} returned no ETag`);
    return written.ETag;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
  }

  /** Server-side copy then delete; staged parts stay far below CopyObject's 5 GB limit. */
  async move(from: string, to: string): Promise<void> {
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: this.fullKey(to),
          CopySource: `${this.bucket}/${encodeURIComponent(this.fullKey(from))}`,
        }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFound(from);
      throw error;
    }
    await this.delete(from);
  }
}

export interface S3BucketNames {
  readonly landing: string;
  readonly lake: string;
  readonly quarantine: string;
}

/** The three pipeline buckets over one S3 client. */
export function s3Buckets(client: S3Client, names: S3BucketNames): Buckets {
  return {
    landing: new S3ObjectStore(client, names.landing),
    lake: new S3ObjectStore(client, names.lake),
    quarantine: new S3ObjectStore(client, names.quarantine),
  };
}

export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client(config);
}
