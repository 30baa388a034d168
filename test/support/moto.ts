/**
 * A real S3 API on loopback for integration tests: moto's server from the project venv, on a free
 * port, stopped after the suite. Fake credentials; never talks to AWS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Buckets } from '../../functions/core/storage/port.js';
import { S3ObjectStore } from '../../functions/core/storage/s3.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const motoServerPath = join(repoRoot, '.venv', 'bin', 'moto_server');
export const motoAvailable = existsSync(motoServerPath);

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Moto {
  readonly endpoint: string;
  client(): S3Client;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn(motoServerPath, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    client: () =>
      new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      }),
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/** A suite's three buckets in a moto server; see motoBuckets. */
export interface MotoBuckets {
  /** Starts moto and creates the buckets (in beforeAll). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The buckets under a key prefix of their own, so each case sees only its own objects. */
  buckets(): Buckets;
}

export function motoBuckets(names: Readonly<Record<keyof Buckets, string>>): MotoBuckets {
  let moto: Moto | undefined;
  let client: S3Client | undefined;
  let cases = 0;
  return {
    async start() {
      moto = await startMoto();
      client = moto.client();
      for (const bucket of Object.values(names)) await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async stop() {
      client?.destroy();
      await moto?.stop();
    },
    buckets() {
      if (!client) throw new Error('motoBuckets: start() first');
      const prefix = `case-${++cases}`;
      return {
        landing: new S3ObjectStore(client, names.landing, prefix),
        lake: new S3ObjectStore(client, names.lake, prefix),
        quarantine: new S3ObjectStore(client, names.quarantine, prefix),
      };
    },
  };
}
