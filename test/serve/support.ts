/**
 * For the dashboard tests: a workspace built from the golden fixture (plus one file with a bad
 * row, so the data-quality page has a quarantine to show), `opslake serve` as a child process, and
 * Debian's Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, chromium } from 'playwright-core';
import { repoRoot } from '../../functions/local/workspace.js';
import { runOpslake } from '../support/cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One returns file whose only row has a quantity that is not a number. */
export const BAD_RETURNS_KEY = 'wms/returns/S2_2026-03-06.csv';
const BAD_RETURNS = `return_id,site_id,order_id,sku,quantity,reason,received_at,dispositioned_at,disposition
RT9,S2,O9,SKU-A,lots,damaged,2026-03-06T10:00:00+01:00,,
`;

/** Ingests the golden landing and the bad file into a new home, then builds; returns the home. */
export function buildGoldenWorkspace(): string {
  const home = mkdtempSync(join(tmpdir(), 'opslake-serve-'));
  const ingest = runOpslake(home, 'ingest', join(repoRoot, 'test/golden/landing'), '--json');
  if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  const extra = join(home, 'extra');
  mkdirSync(join(extra, 'wms/returns'), { recursive: true });
  writeFileSync(join(extra, BAD_RETURNS_KEY), BAD_RETURNS);
  // A file whose every row is rejected may exit ≠ 0; the audit records it either way.
  runOpslake(home, 'ingest', extra, '--json');
  const build = runOpslake(home, 'build', '--quiet');
  if (build.code !== 0) throw new Error(`build failed: ${build.stdout}\n${build.stderr}`);
  return home;
}

export function sql<T>(home: string, query: string): T[] {
  const run = runOpslake(home, 'sql', query, '--json');
  if (run.code !== 0) throw new Error(`opslake sql failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T[];
}

export interface Served {
  readonly url: string;
  stop(): Promise<void>;
}

/** `opslake serve --port 0` in a child process; resolves with the URL it prints. */
export async function startServe(home: string): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'functions/cli/opslake.mjs'), 'serve', '--port', '0', '--json', '--home', home],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`opslake serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
