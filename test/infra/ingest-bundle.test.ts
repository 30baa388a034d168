/**
 * The ingest Lambda's bundle, built by the same NodejsFunction settings `cdk synth` uses (local
 * esbuild), must run on its own: no node_modules beside it, the .wasm module it loads copied in —
 * and on the runtime's Node major (24), where it ingests a real file from moto's S3. The scheduled
 * compaction's bundle (same settings) compacts a partition's data files and a day of the audit log
 * in moto's S3 under Node 24 too.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { ingestFile } from '../../functions/core/ingest.js';
import { toParquet } from '../../functions/core/parquet/writer.js';
import { readAll } from '../../functions/core/storage/port.js';
import { S3ObjectStore } from '../../functions/core/storage/s3.js';
import { INGEST_RUNTIME } from '../../infra/constructs/ingest-pipeline.js';
import { logicalIdOf } from '../../infra/grants.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { AUDIT_PREFIX, SITES_PREFIX } from '../../schemas/lake-layout.js';
import { csv, keys, shipment } from '../support/ingest-fixtures.js';
import { parquetRows } from '../support/lake-invariants.js';
import { startMoto } from '../support/moto.js';
import { s3Notification, sqsRecord } from '../support/s3-events.js';
import { node24 } from './node24.js';
import { resourcesOfType, synthOpslake } from './synth.js';

const run = promisify(execFile);

/** Imports the bundle, hands it one SQS event and a Lambda context, prints the answer on a RESULT line. */
const DRIVER = `
const [bundle, event, context] = process.argv.slice(2);
const { handler } = await import(bundle);
const result = await handler(JSON.parse(event), JSON.parse(context));
process.stdout.write('\\nRESULT ' + JSON.stringify({ node: process.version, result }) + '\\n');
`;

/** A Lambda context for the driver, as the runtime hands one to the handler. */
const lambdaContext = (functionName: string, awsRequestId: string) => ({
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '1024',
  awsRequestId,
});

/**
 * Runs the bundle in `dir` under Node 24 with DRIVER (written there), its S3 pointed at moto;
 * returns the handler's answer with the Node version (the RESULT line) and everything printed.
 */
/** Every row of `files`, sorted by shipment id: what a reader of the partition sees. */
async function rowsUnder(lake: S3ObjectStore, files: readonly string[]): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const file of files) rows.push(...(await parquetRows(await readAll(lake, file))));
  return rows.sort((a, b) => String(a.shipment_id).localeCompare(String(b.shipment_id)));
}

async function invokeOnNode24(
  dir: string,
  invocation: { event: unknown; context: object; endpoint: string; env: Record<string, string> },
): Promise<{ answer: unknown; stdout: string }> {
  writeFileSync(join(dir, 'driver.mjs'), DRIVER);
  const args = [join(dir, 'driver.mjs'), join(dir, 'index.mjs'), JSON.stringify(invocation.event)];
  const { stdout } = await run(node24(), [...args, JSON.stringify(invocation.context)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      OPSLAKE_S3_ENDPOINT: invocation.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      ...invocation.env,
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { answer: JSON.parse(String(line).slice('RESULT '.length)), stdout };
}

/** A raw reference/sites file, as ingest writes one: the site master the bundle reads with hyparquet. */
function sitesParquet(sites: [string, string][]): Uint8Array {
  const columns: [string, ColumnSpec][] = [
    ['site_id', col.id('Site')],
    ['timezone', col.string('IANA zone')],
    ['_ingested_at', col.timestamp('When ingested')],
  ];
  const schema = schemaOf(columns);
  const builder = new BatchBuilder(columns, schema, 16);
  for (const [site_id, timezone] of sites) builder.push({ site_id, timezone, _ingested_at: 1 });
  const batch = builder.flush();
  if (!batch) throw new Error('no batch');
  return toParquet(schema, [batch]);
}

// One bundled synth for the file: esbuild-ing the Lambda costs seconds.
const { app, stack, template } = synthOpslake({ bundle: true });

describe('ingest bundle', () => {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[logicalIdOf(stack.ingest.function)] as
    | { Metadata?: Record<string, string> }
    | undefined;
  const assetPath = fn?.Metadata?.['aws:asset:path'];
  // Copy out of the repository so nothing can resolve from its node_modules.
  const isolated = mkdtempSync(join(tmpdir(), 'opslake-bundle-'));
  afterAll(() => rmSync(isolated, { recursive: true, force: true }));

  it('writes an ESM bundle with its source map and the zstd module, and no Parquet reader wasm', async ({
    annotate,
  }) => {
    expect(assetPath).toBeDefined();
    const dir = join(app.outdir, String(assetPath));
    for (const file of ['index.mjs', 'index.mjs.map', 'zstd.wasm']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    // The site master is read with hyparquet: parquet-wasm's 5 MB module must not ship again.
    expect(readdirSync(dir).filter((f) => f.endsWith('.wasm'))).toEqual(['zstd.wasm']);
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    const packages = new Set(map.sources.map((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1]));
    expect(packages.has('hyparquet')).toBe(true);
    expect(packages.has('parquet-wasm')).toBe(false);
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).not.toMatch(/parquet[-_]wasm/);
    const sizes = readdirSync(dir)
      .filter((f) => !f.endsWith('.map'))
      .map((f) => `${f} ${statSync(join(dir, f)).size} B`);
    await annotate(`asset (without the source map): ${sizes.join(', ')}`);
  });

  it('loads outside the repository and answers an empty batch', async () => {
    cpSync(join(app.outdir, String(assetPath)), isolated, { recursive: true });
    const saved = { ...process.env };
    Object.assign(process.env, { LANDING_BUCKET: 'landing', LAKE_BUCKET: 'lake', QUARANTINE_BUCKET: 'quarantine' });
    try {
      const module = (await import(pathToFileURL(join(isolated, 'index.mjs')).href)) as {
        handler: (event: { Records: unknown[] }) => Promise<unknown>;
      };
      await expect(module.handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
    } finally {
      process.env = saved;
    }
  });

  it.each(['zstd.wasm'])('fails to load without %s, so the copy step is what makes it work', async (missing) => {
    const bare = mkdtempSync(join(tmpdir(), 'opslake-bundle-bare-'));
    try {
      cpSync(join(app.outdir, String(assetPath)), bare, {
        recursive: true,
        filter: (source) => !source.endsWith(missing),
      });
      await expect(import(pathToFileURL(join(bare, 'index.mjs')).href)).rejects.toThrow(missing);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('ingest bundle on Node 24', () => {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[logicalIdOf(stack.ingest.function)] as
    | { Metadata?: Record<string, string>; Properties?: { Runtime?: string } }
    | undefined;
  const isolated = mkdtempSync(join(tmpdir(), 'opslake-bundle24-'));
  afterAll(() => rmSync(isolated, { recursive: true, force: true }));

  it('is the runtime the function is deployed on', () => {
    expect(fn?.Properties?.Runtime).toBe(INGEST_RUNTIME.name);
    expect(INGEST_RUNTIME.name).toBe('nodejs24.x');
  });

  it('ingests a landed file from S3 (moto) into Parquet under Node 24, with its EMF metrics', async () => {
    cpSync(join(app.outdir, String(fn?.Metadata?.['aws:asset:path'])), isolated, { recursive: true });
    const moto = await startMoto();
    try {
      const s3 = moto.client();
      const buckets = { landing: 'b-landing', lake: 'b-lake', quarantine: 'b-quarantine' };
      for (const name of Object.values(buckets)) await s3.send(new CreateBucketCommand({ Bucket: name }));
      const key = 'tms/shipments/node24.csv';
      // Shipment 5's zone-less time is valid only if the bundle reads its site's zone from the site master.
      const body = csv([
        shipment(1),
        shipment(2),
        shipment(3, { units: 'x' }),
        shipment(5, { shipped_at: '2026-01-02T08:00:00' }),
      ]);
      await s3.send(new PutObjectCommand({ Bucket: buckets.landing, Key: key, Body: body }));
      const sites = sitesParquet([
        ['S1', 'America/Chicago'],
        ['S2', 'Europe/Berlin'],
      ]);
      const sitesKey = `${SITES_PREFIX}site=S1/dt=2026-01-01/sites.parquet`;
      await s3.send(new PutObjectCommand({ Bucket: buckets.lake, Key: sitesKey, Body: sites }));
      const event = { Records: [sqsRecord('m-1', s3Notification(buckets.landing, key, { requestId: 'PUT-NODE24' }))] };
      const { answer, stdout } = await invokeOnNode24(isolated, {
        event,
        context: lambdaContext('opslake-ingest', 'req-node24'),
        endpoint: moto.endpoint,
        env: {
          LANDING_BUCKET: buckets.landing,
          LAKE_BUCKET: buckets.lake,
          QUARANTINE_BUCKET: buckets.quarantine,
          POWERTOOLS_SERVICE_NAME: 'opslake-ingest',
        },
      });
      expect(answer).toEqual({ node: expect.stringMatching(/^v24\./), result: { batchItemFailures: [] } });
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: buckets.lake, Prefix: 'raw/tms/shipments/' }));
      expect((listed.Contents ?? []).filter((o) => o.Key?.endsWith('.parquet')).length).toBeGreaterThan(0);
      // Powertools Logger: the Lambda context and the object's correlation id on the ingest's line.
      const logged = stdout
        .split('\n')
        .filter((l) => l.includes('"ingest partial"'))
        .map((l) => JSON.parse(l));
      expect(logged).toMatchObject([
        { function_request_id: 'req-node24', correlation_id: 'PUT-NODE24', object_key: key, rows_valid: 3 },
      ]);
      const emf = stdout
        .split('\n')
        .filter((l) => l.includes('"CloudWatchMetrics"'))
        .map((l) => JSON.parse(l));
      expect(emf.map((m) => [m.feed, m.RowsIn, m.RowsValid, m.RowsRejected])).toEqual([
        ['tms/shipments', 4, 3, 1],
        [undefined, 4, 3, 1],
      ]);
    } finally {
      await moto.stop();
    }
  });
});

/** Two landing files whose shipments all fall on one partition (site S1, 2026-01-01: even ids divisible by 3, see shipment()). */
const ONE_PARTITION = {
  'tms/shipments/S1_early.csv': [0, 6],
  'tms/shipments/S1_late.csv': [12, 18],
} as const;

describe('compaction bundle on Node 24', () => {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[logicalIdOf(stack.lakeCompaction.function)] as
    | { Metadata?: Record<string, string>; Properties?: { Runtime?: string } }
    | undefined;
  const isolated = mkdtempSync(join(tmpdir(), 'opslake-compact24-'));
  afterAll(() => rmSync(isolated, { recursive: true, force: true }));

  it('merges a partition of two data files and a day of two audit files in S3 (moto) into one each, logging with the Lambda context', async () => {
    expect(fn?.Properties?.Runtime).toBe(INGEST_RUNTIME.name);
    cpSync(join(app.outdir, String(fn?.Metadata?.['aws:asset:path'])), isolated, { recursive: true });
    const moto = await startMoto();
    try {
      const s3 = moto.client();
      const names = { landing: 'c-landing', lake: 'c-lake', quarantine: 'c-quarantine' };
      for (const name of Object.values(names)) await s3.send(new CreateBucketCommand({ Bucket: name }));
      const buckets = {
        landing: new S3ObjectStore(s3, names.landing),
        lake: new S3ObjectStore(s3, names.lake),
        quarantine: new S3ObjectStore(s3, names.quarantine),
      };
      // Ingested here, by the sources: each file one output in the partition and one audit file.
      for (const [key, ids] of Object.entries(ONE_PARTITION)) {
        await buckets.landing.write(key, csv(ids.map((n) => shipment(n))));
        expect((await ingestFile({ buckets, key })).outcome).toBe('loaded');
      }
      const dataBefore = await keys(buckets.lake, 'raw/');
      expect(dataBefore.map((k) => k.split('/').slice(0, -1).join('/'))).toEqual([
        'raw/tms/shipments/site=S1/dt=2026-01-01',
        'raw/tms/shipments/site=S1/dt=2026-01-01',
      ]);
      const rowsBefore = await rowsUnder(buckets.lake, dataBefore);
      const auditBefore = await keys(buckets.lake, AUDIT_PREFIX);
      // Both ingests' records fall on one day (unless this ran across midnight UTC).
      expect(new Set(auditBefore.map((k) => k.split('/').slice(0, -1).join('/'))).size).toBe(1);
      expect(auditBefore).toHaveLength(2);

      const { answer, stdout } = await invokeOnNode24(isolated, {
        event: {},
        context: lambdaContext('opslake-compaction', 'req-compact24'),
        endpoint: moto.endpoint,
        env: { LAKE_BUCKET: names.lake },
      });
      expect(answer).toEqual({
        node: expect.stringMatching(/^v24\./),
        result: {
          lake: {
            partitionsCompacted: 1,
            filesBefore: 2,
            filesAfter: 1,
            partitionsBusy: 0,
            partitionsConflict: 0,
            filesSkipped: 0,
          },
          audit: { daysCompacted: 1, filesBefore: 2, filesAfter: 1, filesDeleted: 2, records: 2, filesSkipped: 0 },
        },
      });
      const dataAfter = await keys(buckets.lake, 'raw/');
      expect(dataAfter).toEqual([
        expect.stringMatching(/^raw\/tms\/shipments\/site=S1\/dt=2026-01-01\/[^/]+\.parquet$/),
      ]);
      expect(dataBefore).not.toContain(dataAfter[0]);
      expect(await rowsUnder(buckets.lake, dataAfter)).toEqual(rowsBefore);
      expect(await keys(buckets.lake, AUDIT_PREFIX)).toEqual([
        expect.stringMatching(/\/compacted-[0-9a-f]+\.parquet$/),
      ]);

      const logged = (message: string) =>
        stdout
          .split('\n')
          .filter((l) => l.includes(`"${message}"`))
          .map((l) => JSON.parse(l));
      expect(logged('lake data compacted')).toMatchObject([
        { function_request_id: 'req-compact24', service: 'opslake-compaction', partitionsCompacted: 1, filesAfter: 1 },
      ]);
      expect(logged('audit log compacted')).toMatchObject([
        { function_request_id: 'req-compact24', daysCompacted: 1, filesDeleted: 2 },
      ]);
    } finally {
      await moto.stop();
    }
  });
});
