/** A local directory standing in for a bucket: keys are relative paths under `root`. */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  type ObjectBody,
  type ObjectInfo,
  ObjectNotFound,
  type ObjectStore,
  UnreadableObject,
  type VersionedObject,
} from './port.js';

/**
 * Conditional writes are serialised per key within the process (one CLI run, several files at
 * once); a local workspace has one writer process, so that is all the exclusion it needs.
 */
const keyLocks = new Map<string, Promise<unknown>>();

async function withKeyLock<T>(id: string, task: () => Promise<T>): Promise<T> {
  const before = keyLocks.get(id) ?? Promise.resolve();
  const run = before.then(task, task);
  const settled = run.catch(() => undefined);
  keyLocks.set(id, settled);
  try {
    return await run;
  } finally {
    if (keyLocks.get(id) === settled) keyLocks.delete(id);
  }
}

const versionOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where unpublished writes are staged; a sibling of the keys, so `rename` stays on one filesystem. */
const STAGING_DIR = '.staging';

export class LocalDirectoryStore implements ObjectStore {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  private path(key: string): string {
    if (key.split('/').some((part) => part === '..' || part === '')) {
      throw new Error(`invalid object key: ${key}`);
    }
    return join(this.root, ...key.split('/'));
  }

  async *read(key: string): AsyncIterable<Uint8Array> {
    const path = this.path(key);
    const size = (await this.readableFile(key, path)).size;
    // Reads of up to 1 MiB (the CSV scanner slices them): fewer buffers than 64 KiB measured fewer
    // GCs on large files. Never larger than the file: most feed files are a few KB, and a 1 MiB
    // buffer for each was garbage enough to show in a year of daily files.
    const highWaterMark = Math.min(1 << 20, Math.max(size, 1 << 12));
    yield* createReadStream(path, { highWaterMark }) as AsyncIterable<Buffer>;
  }

  /**
   * The file a key names, if it can be read: a symlink is followed only to a file inside this
   * store's directory (a landing tree must not hand out /etc/passwd), a dangling one or a
   * directory is the file's problem (UnreadableObject), not the store's.
   */
  private async readableFile(key: string, path: string): Promise<Stats> {
    let info: Stats;
    try {
      info = await lstat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new ObjectNotFound(key);
      throw new UnreadableObject(key, String(code ?? (error as Error).message));
    }
    if (info.isSymbolicLink()) {
      const target = await realpath(path).catch(async (error: NodeJS.ErrnoException) => {
        const to = await readlink(path).catch(() => '?');
        throw new UnreadableObject(key, `a symlink to ${to}, which cannot be resolved (${error.code})`);
      });
      const root = await realpath(this.root);
      if (target !== root && !target.startsWith(`${root}${sep}`)) {
        throw new UnreadableObject(key, `a symlink to ${target}, outside ${this.root}: not followed`);
      }
      info = await stat(target);
    }
    if (!info.isFile()) throw new UnreadableObject(key, 'not a regular file');
    return info;
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? { key, size: s.size } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Directories this store has created. A small daily file costs a handful of writes, and two
   * `mkdir` calls before each were a good part of its time waiting on the file system.
   */
  private readonly madeDirs = new Set<string>();

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  async write(key: string, body: ObjectBody): Promise<void> {
    const target = this.path(key);
    const staged = join(this.root, STAGING_DIR, `${randomUUID()}.part`);
    // A directory removed behind the store's back (a cleared workspace) shows as ENOENT: forget
    // what was made and make it again. writeFile opens before it reads a streamed body, so the
    // retry still has all of it.
    try {
      await this.retryingMissingDir(dirname(staged), () => writeFile(staged, body));
      // rename(2) replaces the target atomically: readers see the old file or the new one.
      await this.retryingMissingDir(dirname(target), () => rename(staged, target));
    } catch (error) {
      await rm(staged, { force: true });
      throw error;
    }
  }

  private async retryingMissingDir(dir: string, operation: () => Promise<void>): Promise<void> {
    await this.ensureDir(dir);
    try {
      await operation();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.madeDirs.clear();
      await this.ensureDir(dir);
      await operation();
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    // Walk only the directory the prefix names, not the whole tree: a lake holds many thousands
    // of files and ingest lists small prefixes (site master, ledger) for every file it loads.
    yield* this.walk(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix);
  }

  /**
   * Lists the directory `dir` (a key prefix ending in `/`, or empty) depth first. Symlinks are
   * listed, never descended into: a loop cannot trap the walk, and reading one says what it is
   * (see readableFile).
   */
  private async *walk(dir: string, prefix: string): AsyncIterable<ObjectInfo> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.root, ...dir.split('/')), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const key = dir + entry.name;
      if (dir === '' && entry.name === STAGING_DIR) continue;
      if (entry.isDirectory()) {
        const sub = `${key}/`;
        if (sub.startsWith(prefix) || prefix.startsWith(sub)) yield* this.walk(sub, prefix);
      } else if (key.startsWith(prefix) && (entry.isFile() || entry.isSymbolicLink())) {
        // A file deleted since readdir (another attempt's clean-up) is simply gone.
        const info = entry.isFile() ? await stat(join(this.root, ...key.split('/'))).catch(() => undefined) : undefined;
        if (entry.isFile() && !info) continue;
        yield { key, size: info?.size ?? 0 };
      }
    }
  }

  async readVersioned(key: string): Promise<VersionedObject | undefined> {
    try {
      const body = new Uint8Array(await readFile(this.path(key)));
      return { body, version: versionOf(body) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async writeIfUnchanged(key: string, body: Uint8Array | string, expected: string | null): Promise<string | undefined> {
    return withKeyLock(this.path(key), async () => {
      const current = await this.readVersioned(key);
      if ((current?.version ?? null) !== expected) return undefined;
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      await this.write(key, bytes);
      return versionOf(bytes);
    });
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.path(to);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(this.path(from), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFound(from);
      throw error;
    }
  }

  /** The directory a key would live in, for tools (DuckDB, dbt) that read files directly. */
  pathOf(key: string): string {
    return relative(process.cwd(), this.path(key));
  }
}

/** The local stand-in for the three buckets under one home directory. */
export function localBuckets(home: string) {
  return {
    landing: new LocalDirectoryStore(join(home, 'landing')),
    lake: new LocalDirectoryStore(join(home, 'lake')),
    quarantine: new LocalDirectoryStore(join(home, 'quarantine')),
  };
}
