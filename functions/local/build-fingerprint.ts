/**
 * Whether a local build would change anything: a fingerprint of everything dbt reads, compared
 * with the one recorded by the last build that ran to the end.
 *
 * dbt's inputs here are the lake and quarantine directories (its sources are globs over them), the
 * dbt project (models, macros, seeds, tests, dbt_project.yml, profiles.yml), the pinned dbt
 * packages (transforms/requirements.txt) and the command's own arguments. Files are fingerprinted
 * by path, size, inode and mtime in nanoseconds — the way make and ninja decide — not by content:
 * reading 100 MiB of Parquet to learn that nothing changed would cost more than the skip saves.
 * Every writer in opslake writes a new file and renames it into place, so a changed file always
 * gets a new inode or mtime.
 */
import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { repoRoot, type Workspace } from './workspace.js';

/** Bumped when what goes into the fingerprint changes, so an old record never matches. */
const FINGERPRINT_VERSION = 1;

/** Where the last completed build's fingerprint is kept, in the workspace. */
export const BUILD_RECORD_FILE = 'last-build.json';

/** dbt's own output directories inside the project: written by a build, not read by it. */
const PROJECT_OUTPUTS = new Set(['target', 'logs', 'dbt_packages', '.user.yml']);

/** What a completed build leaves behind for the next one to compare against. */
export interface BuildRecord {
  readonly fingerprint: string;
  /** The warehouse file as the build published it: a rebuild is needed if it was replaced since. */
  readonly warehouse: FileIdentity;
  readonly finishedAt: string;
  /** The build's own summary line, repeated when the next build is skipped. */
  readonly line: string;
}

export interface FileIdentity {
  readonly size: string;
  readonly ino: string;
  readonly mtimeNs: string;
}

/** Each file under `dir` (recursively) as `path size ino mtime`, sorted by path; none when absent. */
function treeListing(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = join(entry.parentPath, entry.name);
    const id = fileIdentity(path);
    if (id) lines.push(`${relative(dir, path)}\t${id.size}\t${id.ino}\t${id.mtimeNs}`);
  }
  return lines.sort();
}

/** Size, inode and mtime of `path`; undefined when it does not exist. */
export function fileIdentity(path: string): FileIdentity | undefined {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (!stat) return undefined;
  return { size: String(stat.size), ino: String(stat.ino), mtimeNs: String(stat.mtimeNs) };
}

/** The dbt project's files, by content (a checkout's mtimes say nothing about what changed). */
function projectDigest(projectDir: string, hash: ReturnType<typeof createHash>): void {
  const files = readdirSync(projectDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(projectDir, join(entry.parentPath, entry.name)))
    .filter((path) => !PROJECT_OUTPUTS.has(path.split('/')[0] as string))
    .sort();
  for (const path of files) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(projectDir, path)));
    hash.update('\0');
  }
}

export interface FingerprintInputs {
  /** The dbt command line (see dbtBuildArgs) and its target. */
  readonly args: readonly string[];
  readonly target: string;
  /** The dbt project directory. @default transforms/ of the repository */
  readonly projectDir?: string;
}

/** The sha256 of everything a build reads; equal fingerprints mean dbt would build the same warehouse. */
export function buildFingerprint(ws: Workspace, inputs: FingerprintInputs): string {
  const hash = createHash('sha256');
  hash.update(`opslake build fingerprint ${FINGERPRINT_VERSION}\0${inputs.target}\0${JSON.stringify(inputs.args)}\0`);
  projectDigest(inputs.projectDir ?? join(repoRoot, 'transforms'), hash);
  for (const [name, dir] of [
    ['lake', ws.lakeDir],
    ['quarantine', ws.buckets.quarantine.root],
  ] as const) {
    hash.update(`\0${name}\0`);
    for (const line of treeListing(dir)) hash.update(`${line}\n`);
  }
  return hash.digest('hex');
}

/** The last completed build's record, if there is one and it is readable. */
export async function readBuildRecord(ws: Workspace): Promise<BuildRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(ws.home, BUILD_RECORD_FILE), 'utf8')) as BuildRecord;
  } catch {
    return undefined; // absent or torn: the build runs, which is always safe
  }
}

export async function writeBuildRecord(ws: Workspace, record: BuildRecord): Promise<void> {
  const path = join(ws.home, BUILD_RECORD_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/**
 * The record of a build that left the warehouse exactly as this one would: same fingerprint, and
 * the warehouse file still the one that build published.
 */
export function upToDateRecord(ws: Workspace, record: BuildRecord | undefined, fingerprint: string) {
  if (!record || record.fingerprint !== fingerprint) return undefined;
  const now = fileIdentity(ws.warehouse);
  const then = record.warehouse;
  if (!now || now.size !== then.size || now.ino !== then.ino || now.mtimeNs !== then.mtimeNs) return undefined;
  return record;
}
