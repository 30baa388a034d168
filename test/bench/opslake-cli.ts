/** The opslake CLI as the benches run it: a child process on a bench workspace. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../functions/local/workspace.js';

/**
 * Runs `opslake <args> --home <home>` and returns its stdout when asked for (a year's ingest table
 * runs to megabytes, so it is dropped otherwise). An ingest's exit 1 (some files quarantined) is
 * the generated defects, not a failure.
 */
export function runOpslake(args: string[], home: string, keepStdout = false): string {
  const run = spawnSync(process.execPath, [join(repoRoot, 'functions/cli/opslake.mjs'), ...args, '--home', home], {
    encoding: 'utf8',
    stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0 && !(args[0] === 'ingest' && run.status === 1)) {
    throw new Error(`opslake ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  }
  return run.stdout ?? '';
}
