/**
 * One build at a time per workspace: `<home>/build.lock`, created exclusively, holding the
 * builder's pid. Two builds would both copy the warehouse and the later swap would silently drop
 * the earlier one's work. A lock whose process is gone (killed, machine restarted) is stale and
 * taken over, so a crash never leaves the workspace locked for good.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { environmentError } from './errors.js';

export const BUILD_LOCK = 'build.lock';

export interface BuildLockHolder {
  readonly pid: number;
  readonly startedAt: string;
}

export interface BuildLock {
  readonly path: string;
  release(): Promise<void>;
}

export const buildLockPath = (home: string): string => join(home, BUILD_LOCK);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still a live holder.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the workspace's build lock, or null (no lock, or a stale one). */
export async function buildLockHolder(home: string): Promise<BuildLockHolder | null> {
  let text: string;
  try {
    text = await readFile(buildLockPath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const holder = parseHolder(text);
  return holder && isAlive(holder.pid) ? holder : null;
}

function parseHolder(text: string): BuildLockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<BuildLockHolder>;
    return typeof value.pid === 'number' ? { pid: value.pid, startedAt: String(value.startedAt ?? '') } : null;
  } catch {
    // Written by a process that died between create and write: no holder.
    return null;
  }
}

/** Takes the lock or throws the one-line "a build is already running" error. */
export async function acquireBuildLock(home: string): Promise<BuildLock> {
  const path = buildLockPath(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      const holder: BuildLockHolder = { pid: process.pid, startedAt: new Date().toISOString() };
      await file.writeFile(`${JSON.stringify(holder)}\n`);
      await file.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await buildLockHolder(home);
    if (holder) {
      throw environmentError(
        `a build is already running in ${home} (process ${holder.pid}, started ${holder.startedAt}): wait for it to finish, then retry`,
      );
    }
    // Stale: its process is gone. Removed once; if another build took it meanwhile, we lose the race.
    await rm(path, { force: true });
  }
  throw environmentError(`another build took ${path} just now: wait for it to finish, then retry`);
}
