/** A local directory standing in for a bucket: keys are relative paths under `root`. */
import { createHash, randomUUID } from 'node:crypto';
import {
  createReadStream,
  type Dirent,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
} from 'node:fs';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  type ObjectBody,
  type ObjectInfo,
  ObjectNotFound,
  type ObjectStore,
  UnreadableObject,
  type VersionedObject,
} from './port.js';
import { smallFileWriter } from './small-file-writer.js';

/**
 * Small objects (ledger entries, audit records, a small file's Parquet) are read with synchronous
 * calls, and so are stats, deletes and moves; they are written on one worker thread
 * (small-file-writer.ts). A small daily file's ingest makes a few dozen such calls; each through
 * libuv's thread pool cost a hand-off to a pool thread and a wake-up of the event loop for its
 * completion, about twice the CPU of the call itself (measured on the 2-core VM: 545 against
 * 204 µs for a write, a rename and a read) — most of what such a file cost. Larger bodies and
 * streams go through fs/promises.
 */
const SMALL_OBJECT_MAX_BYTES = 1 << 20;

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

/** Where a symlink points, as written in it; `?` when even that cannot be read. */
function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
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
    const size = this.readableFile(key, path).size;
    if (size <= SMALL_OBJECT_MAX_BYTES) {
      // One buffer the size of the file, as the stream below would hand over, in one call.
      const bytes = readFileSync(path);
      if (bytes.length > 0) yield bytes;
      return;
    }
    // Reads of up to 1 MiB (the CSV scanner slices them): fewer buffers than 64 KiB measured fewer
    // GCs on large files.
    yield* createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  }

  /**
   * The file a key names, if it can be read: a symlink is followed only to a file inside this
   * store's directory (a landing tree must not hand out /etc/passwd), a dangling one or a
   * directory is the file's problem (UnreadableObject), not the store's.
   */
  private readableFile(key: string, path: string): Stats {
    let info: Stats;
    try {
      info = lstatSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new ObjectNotFound(key);
      throw new UnreadableObject(key, String(code ?? (error as Error).message));
    }
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(path);
      } catch (error) {
        const why = `which cannot be resolved (${(error as NodeJS.ErrnoException).code})`;
        throw new UnreadableObject(key, `a symlink to ${linkTarget(path)}, ${why}`);
      }
      const root = realpathSync(this.root);
      if (target !== root && !target.startsWith(`${root}${sep}`)) {
        throw new UnreadableObject(key, `a symlink to ${target}, outside ${this.root}: not followed`);
      }
      info = statSync(target);
    }
    if (!info.isFile()) throw new UnreadableObject(key, 'not a regular file');
    return info;
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const s = statSync(this.path(key));
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

  private ensureDir(dir: string): void {
    if (this.madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  async write(key: string, body: ObjectBody): Promise<void> {
    const small = typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? body : undefined;
    if (small && small.byteLength <= SMALL_OBJECT_MAX_BYTES) {
      return smallFileWriter.publish(this.stagedPath(), this.path(key), small);
    }
    const target = this.path(key);
    const staged = this.stagedPath();
    // writeFile opens before it reads a streamed body, so a retry after a missing directory still
    // has all of it.
    try {
      await this.retryingMissingDir(dirname(staged), () => writeFile(staged, body));
      await this.retryingMissingDir(dirname(target), () => rename(staged, target));
    } catch (error) {
      await rm(staged, { force: true });
      throw error;
    }
  }

  private stagedPath(): string {
    return join(this.root, STAGING_DIR, `${randomUUID()}.part`);
  }

  /**
   * A directory removed behind the store's back (a cleared workspace) shows as ENOENT: forget
   * what was made and make it again.
   */
  private async retryingMissingDir(dir: string, operation: () => Promise<void>): Promise<void> {
    this.ensureDir(dir);
    try {
      await operation();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.madeDirs.clear();
      this.ensureDir(dir);
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
    return this.readVersionedSync(key);
  }

  private readVersionedSync(key: string): VersionedObject | undefined {
    try {
      const body = new Uint8Array(readFileSync(this.path(key)));
      return { body, version: versionOf(body) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async writeIfUnchanged(key: string, body: Uint8Array | string, expected: string | null): Promise<string | undefined> {
    return withKeyLock(this.path(key), async () => {
      const current = this.readVersionedSync(key);
      if ((current?.version ?? null) !== expected) return undefined;
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      await this.write(key, bytes);
      return versionOf(bytes);
    });
  }

  async delete(key: string): Promise<void> {
    try {
      unlinkSync(this.path(key));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.path(to);
    try {
      await this.retryingMissingDir(dirname(target), async () => renameSync(this.path(from), target));
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
