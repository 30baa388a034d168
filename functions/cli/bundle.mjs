#!/usr/bin/env node
// Bundles the CLI's TypeScript into plain ESM under functions/cli/dist/ (gitignored; `make deps`
// runs this), so `opslake` starts without transpiling at each start. Packages stay external — they
// load from node_modules as they are — and each command's lazily imported modules become their own
// chunks, so a command loads only what it uses. inputs.json lists every bundled source file:
// opslake.mjs runs the bundle only while none of them is newer, and falls back to tsx otherwise.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const outdir = join(here, 'dist');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const started = Date.now();
const result = await build({
  entryPoints: { main: join(here, 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, join(process.cwd(), p)));
// Written last: a bundle without its inputs list is never used.
await writeFile(join(outdir, 'inputs.json'), `${JSON.stringify({ builtAt: started, inputs }, null, 1)}\n`);
process.stdout.write(`bundled the opslake CLI: ${inputs.length} source files → ${relative(root, outdir)}\n`);
