/**
 * The embedded default: one directory (`OPSLAKE_HOME`, default `./.opslake`) standing in for the
 * buckets, plus the DuckDB warehouse file that dbt-duckdb builds.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localBuckets } from '../core/storage/local-directory.js';

/** The repository root (where package.json lives), found from this file's location. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Workspace {
  readonly home: string;
  readonly buckets: ReturnType<typeof localBuckets>;
  readonly lakeDir: string;
  readonly warehouse: string;
}

export function workspace(home = process.env.OPSLAKE_HOME ?? join(process.cwd(), '.opslake')): Workspace {
  const abs = resolve(home);
  const buckets = localBuckets(abs);
  return { home: abs, buckets, lakeDir: buckets.lake.root, warehouse: join(abs, 'warehouse.duckdb') };
}

/** The project's Python venv binary directory; `make` creates it. */
export function venvBin(tool: string): string {
  const path = join(repoRoot, '.venv', 'bin', tool);
  if (!existsSync(path)) {
    throw new Error(`${path} not found: run \`make demo\` or \`make test\` once to create the Python venv`);
  }
  return path;
}
