/** What opslake's Lambdas (handler.ts, compact-handler.ts) take from their environment. */
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../core/storage/s3.js';

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The S3 client; OPSLAKE_S3_ENDPOINT lets tests and local runs point it at moto (unset in AWS). */
export function s3ClientFromEnvironment(): S3Client {
  const endpoint = process.env.OPSLAKE_S3_ENDPOINT;
  return createS3Client(endpoint ? { endpoint, forcePathStyle: true } : {});
}
