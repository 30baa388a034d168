/**
 * The storage port: what the ingest core needs from a bucket. Two adapters implement it — S3
 * (`s3.ts`) and a local directory standing in for a bucket (`local-directory.ts`) — so the same core
 * runs in Lambda and on one machine.
 */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
}

/** A body to write: bytes, text, or a stream of bytes (for objects too large to hold in memory). */
export type ObjectBody = Uint8Array | string | AsyncIterable<Uint8Array>;

export interface ObjectStore {
  /** A human-readable name for logs: `s3://bucket` or a directory path. */
  readonly location: string;
  /** Streams an object's bytes; throws `ObjectNotFound` when it is absent. */
  read(key: string): AsyncIterable<Uint8Array>;
  /** Size of an object, or undefined when it is absent. */
  stat(key: string): Promise<ObjectInfo | undefined>;
  /**
   * Publishes an object atomically: a reader sees the old object or the whole new one, never a
   * partial write.
   */
  write(key: string, body: ObjectBody): Promise<void>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  delete(key: string): Promise<void>;
  /**
   * Moves an object within the store, server-side where the store can (S3 CopyObject, a local
   * rename). Optional: `moveObject` falls back to read + write + delete.
   */
  move?(from: string, to: string): Promise<void>;
  /** A small object's bytes with a version token (S3: its ETag), or undefined when it is absent. */
  readVersioned(key: string): Promise<VersionedObject | undefined>;
  /**
   * Writes a small object only if it is unchanged since it was read: `expected` is the version
   * `readVersioned` (or an earlier `writeIfUnchanged`) returned, or null when it was absent.
   * Returns the version it wrote, so the writer's next swap needs no read to learn it; undefined,
   * and nothing written, when another writer got there first (S3: a conditional PutObject
   * answered 412).
   */
  writeIfUnchanged(key: string, body: Uint8Array | string, expected: string | null): Promise<string | undefined>;
}

export interface VersionedObject {
  readonly body: Uint8Array;
  readonly version: string;
}

/** Moves `from` to `to`; the target is published whole, as with `write`. */
export async function moveObject(store: ObjectStore, from: string, to: string): Promise<void> {
  if (store.move) return store.move(from, to);
  await store.write(to, await readAll(store, from));
  await store.delete(from);
}

export class ObjectNotFound extends Error {
  constructor(readonly key: string) {
    super(`object not found: ${key}`);
    this.name = 'ObjectNotFound';
  }
}

/**
 * An object that exists but cannot be read as a feed file: a dangling symlink, a symlink out of
 * the store's directory (never followed), a directory, a name the file system refuses. The file's
 * own problem, not the store's: the ingest rejects that file and goes on.
 */
export class UnreadableObject extends Error {
  constructor(
    readonly key: string,
    readonly why: string,
  ) {
    super(`${key} cannot be read: ${why}`);
    this.name = 'UnreadableObject';
  }
}

export async function readAll(store: ObjectStore, key: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of store.read(key)) parts.push(part);
  return Buffer.concat(parts);
}

/** The three buckets the pipeline touches. */
export interface Buckets {
  readonly landing: ObjectStore;
  readonly lake: ObjectStore;
  readonly quarantine: ObjectStore;
}
