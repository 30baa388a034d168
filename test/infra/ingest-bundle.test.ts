/**
 * The ingest Lambda's bundle, built by the same NodejsFunction settings `cdk synth` uses (local
 * esbuild), must run on its own: no node_modules beside it, the .wasm modules it loads copied in.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { resourcesOfType, synthOpslake } from './synth.js';

describe('ingest bundle', () => {
  const { app, stack, template } = synthOpslake({ bundle: true });
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[logicalIdOf(stack.ingest.function)] as
    | { Metadata?: Record<string, string> }
    | undefined;
  const assetPath = fn?.Metadata?.['aws:asset:path'];
  // Copy out of the repository so nothing can resolve from its node_modules.
  const isolated = mkdtempSync(join(tmpdir(), 'opslake-bundle-'));
  afterAll(() => rmSync(isolated, { recursive: true, force: true }));

  it('writes an ESM bundle with its source map and the parquet-wasm and zstd modules', () => {
    expect(assetPath).toBeDefined();
    const dir = join(app.outdir, String(assetPath));
    for (const file of ['index.mjs', 'index.mjs.map', 'parquet_wasm_bg.wasm', 'zstd.wasm']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
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

  it.each(['parquet_wasm_bg.wasm', 'zstd.wasm'])(
    'fails to load without %s, so the copy step is what makes it work',
    async (missing) => {
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
    },
  );
});
