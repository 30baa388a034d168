/** The `opslake` CLI run as a child process, as a user runs it, for end-to-end tests. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../functions/local/workspace.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const OPSLAKE_BIN = join(repoRoot, 'functions/cli/opslake.mjs');

const argv = (home: string | undefined, args: readonly string[]) => [
  OPSLAKE_BIN,
  ...args,
  ...(home ? ['--home', home] : []),
];

/** Runs `opslake <args>` from the repository root; `home` (when given) becomes `--home`. */
export function runOpslake(home: string | undefined, ...args: string[]): CliRun {
  return runOpslakeWithEnv({}, home, ...args);
}

/** As runOpslake, with extra environment variables. */
export function runOpslakeWithEnv(env: NodeJS.ProcessEnv, home: string | undefined, ...args: string[]): CliRun {
  const run = spawnSync(
    process.execPath,
    argv(home, args),
    // A year's ingest table or a KPI dump can run to megabytes.
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** As runOpslake without blocking this process: for runs that overlap another one. */
export function runOpslakeAsync(home: string | undefined, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv(home, args), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
