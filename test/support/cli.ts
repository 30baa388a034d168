/** The `opslake` CLI run as a child process, as a user runs it, for end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../functions/local/workspace.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `opslake <args>` from the repository root; `home` (when given) becomes `--home`. */
export function runOpslake(home: string | undefined, ...args: string[]): CliRun {
  const run = spawnSync(
    process.execPath,
    [join(repoRoot, 'functions/cli/opslake.mjs'), ...args, ...(home ? ['--home', home] : [])],
    // A year's ingest table or a KPI dump can run to megabytes.
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
