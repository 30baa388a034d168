/**
 * The embedded default: one directory (`OPSLAKE_HOME`, default `./.opslake`) standing in for the
 * buckets, plus the DuckDB warehouse file that dbt-duckdb builds.
 *
 * A directory opslake created carries a marker file; only such a directory is ever deleted or
 * reset (`opslake demo`). A directory without it may hold a user's files, so it is never removed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localBuckets } from '../core/storage/local-directory.js';
import { buildLockHolder } from './build-lock.js';
import { environmentError, usageError } from './errors.js';

/**
 * The repository root: the nearest directory above this module holding opslake's package.json.
 * Searched rather than fixed (`../..`) because the bundled CLI runs this code from another depth.
 */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'opslake') {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`opslake's package.json not found above ${from}`);
  }
}

/** The marker file in a workspace opslake created; its content names the layout version. */
export const WORKSPACE_MARKER = '.opslake-workspace';
export const WORKSPACE_VERSION = 1;

export interface Workspace {
  readonly home: string;
  readonly buckets: ReturnType<typeof localBuckets>;
  readonly lakeDir: string;
  readonly warehouse: string;
  /** Where dbt writes its run artefacts (manifest, run_results.json, logs) for this workspace. */
  readonly dbtTarget: string;
}

export function workspace(home = process.env.OPSLAKE_HOME ?? join(process.cwd(), '.opslake')): Workspace {
  const abs = resolve(home);
  const buckets = localBuckets(abs);
  return {
    home: abs,
    buckets,
    lakeDir: buckets.lake.root,
    warehouse: join(abs, 'warehouse.duckdb'),
    dbtTarget: join(abs, 'dbt-target'),
  };
}

/**
 * - `absent`: nothing there; `empty`: an empty directory — both free to become a workspace.
 * - `workspace`: carries the marker. `unmarked`: anything else — a user's directory, or a
 *   workspace from before the marker existed; opslake writes into it but never deletes it.
 */
export type HomeState = 'absent' | 'empty' | 'workspace' | 'unmarked';

export function homeState(home: string): HomeState {
  let entries: string[];
  try {
    entries = readdirSync(home);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw usageError(`--home ${home} is a file, not a directory: choose a directory for the workspace`);
    }
    throw error;
  }
  if (entries.includes(WORKSPACE_MARKER)) return 'workspace';
  return entries.length === 0 ? 'empty' : 'unmarked';
}

async function writeMarker(home: string): Promise<void> {
  await mkdir(home, { recursive: true });
  const marker = { opslake_workspace: WORKSPACE_VERSION, created_at: new Date().toISOString() };
  await writeFile(join(home, WORKSPACE_MARKER), `${JSON.stringify(marker)}\n`);
}

/** Before a command writes into the workspace: a new or empty home becomes a marked workspace. */
export async function claimWorkspace(ws: Workspace): Promise<void> {
  const state = homeState(ws.home);
  if (state === 'absent' || state === 'empty') await writeMarker(ws.home);
}

/**
 * Empties the workspace so a run starts from nothing — only when opslake created it (the marker)
 * or there is nothing to lose. Checked before anything is removed.
 */
export async function resetWorkspace(ws: Workspace): Promise<void> {
  const state = homeState(ws.home);
  if (state === 'unmarked') {
    throw usageError(
      `${ws.home} is not an opslake workspace (no ${WORKSPACE_MARKER} file), so it is not emptied: pass an empty or new --home, or delete it yourself`,
    );
  }
  if (state === 'workspace') {
    // Emptying it under a running build would pull the lake and the lock from under dbt.
    const builder = await buildLockHolder(ws.home);
    if (builder) {
      throw environmentError(
        `a build is running in ${ws.home} (process ${builder.pid}), so it is not emptied: wait for it to finish, or pass another --home`,
      );
    }
    for (const entry of await readdir(ws.home)) await rm(join(ws.home, entry), { recursive: true, force: true });
  }
  await writeMarker(ws.home);
}

/** For commands that read a workspace: one line saying how to get one when there is none. */
export function requireWorkspace(ws: Workspace): void {
  const state = homeState(ws.home);
  if (state === 'absent' || state === 'empty') {
    throw environmentError(
      `no opslake workspace at ${ws.home}: run \`opslake demo\`, or \`opslake ingest <path>\` then \`opslake build\`, or pass --home <dir>`,
    );
  }
}

/**
 * For commands that delete or rewrite lake files (doctor, compact): never what opslake did not
 * create, so only in a directory it made — a dry run may look anywhere. `what` says what the
 * command would have changed, for the message.
 */
export function requireOwnWorkspace(ws: Workspace, dryRun: boolean, what: string): void {
  requireWorkspace(ws);
  if (!dryRun && homeState(ws.home) !== 'workspace') {
    throw usageError(`${ws.home} has no ${WORKSPACE_MARKER} file, so ${what} there: look with --dry-run`);
  }
}

/** For commands that read the warehouse: it must have been built. */
export function requireBuild(ws: Workspace): void {
  requireWorkspace(ws);
  if (!existsSync(ws.warehouse)) {
    throw environmentError(`no warehouse in ${ws.home} yet: run \`opslake build\` first`);
  }
}

/** A tool from the project's Python venv (`make deps` creates it; `OPSLAKE_VENV` names another). */
export function venvBin(tool: string): string {
  const venv = process.env.OPSLAKE_VENV ?? join(repoRoot, '.venv');
  const path = join(venv, 'bin', tool);
  if (!existsSync(path)) {
    throw environmentError(
      `${tool} is not installed (${path} is missing): run \`make deps\` to create the Python venv`,
    );
  }
  return path;
}
