#!/usr/bin/env node
// The `opslake` command. It runs the bundle `make deps` builds (functions/cli/dist/, see bundle.mjs)
// while every source file it was built from is unchanged, and otherwise the TypeScript itself
// through tsx's loader — so an edit takes effect at once, only a little slower to start.
// OPSLAKE_NO_BUNDLE=1 forces the TypeScript path.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'functions/cli/dist');

function bundleIsFresh() {
  if (process.env.OPSLAKE_NO_BUNDLE) return false;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(dist, 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs < builtAt);
  } catch {
    return false; // no bundle, or a source file gone
  }
}

let main;
if (bundleIsFresh()) ({ main } = await import('./dist/main.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
