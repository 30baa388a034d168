/**
 * Publishes small files (write beside, then rename over the target) on one worker thread, so the
 * event loop neither waits on the file system nor pays libuv's thread pool a hand-off and a
 * completion for each of the four calls a write takes.
 *
 * Creating a file is the slow part of a small write on the VM's ext4 (200–500 µs, waiting on the
 * journal when the disk is shared). Made synchronously on the main thread, those waits stopped the
 * process; made through fs/promises, the four round trips cost more CPU than the calls. One worker
 * takes a whole write per message, in order, while the main thread goes on parsing.
 *
 * The worker is plain JavaScript evaluated from this string, so the CLI bundle and the tests need
 * no separate entry point for it.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { mkdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const made = new Set();
function ensureDir(dir) {
  if (made.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  made.add(dir);
}
// A directory removed behind the store's back (a cleared workspace) shows as ENOENT: make it again.
function retryingMissingDir(dir, operation) {
  ensureDir(dir);
  try {
    operation();
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    made.clear();
    ensureDir(dir);
    operation();
  }
}
parentPort.on('message', ({ id, staged, target, bytes }) => {
  try {
    retryingMissingDir(dirname(staged), () => writeFileSync(staged, bytes));
    retryingMissingDir(dirname(target), () => renameSync(staged, target));
    parentPort.postMessage({ id });
  } catch (error) {
    try {
      rmSync(staged, { force: true });
    } catch {}
    parentPort.postMessage({ id, error: { message: String(error.message), code: error.code } });
  }
});
`;

interface Waiting {
  resolve(): void;
  reject(error: Error): void;
}

interface Reply {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

class SmallFileWriter {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  /** Writes `bytes` to `staged`, then renames it over `target` (atomic for readers). */
  publish(staged: string, target: string, bytes: Uint8Array): Promise<void> {
    const worker = this.started();
    // Only writes under way keep the process alive; an idle worker must not.
    if (this.waiting.size === 0) worker.ref();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, staged, target, bytes });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(worker, reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the small-file writer exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(worker: Worker, { id, error }: Reply): void {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0) worker.unref();
    if (!waiting) return;
    if (error) waiting.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
    else waiting.resolve();
  }

  /** The worker died: every write it held fails (its files may or may not be in place). */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/** One writer for the process: writes are few bytes each, one thread keeps up with them. */
export const smallFileWriter = new SmallFileWriter();
