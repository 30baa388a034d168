/**
 * A fault-injecting wrapper over the three buckets: every storage mutation (write, conditional
 * write, delete; a move counts as its copy and its delete, as on S3) is numbered across all
 * buckets, and a fault is injected at a chosen one.
 * - `kill`: the process dies there — that operation and every later one (reads too) throw, so no
 *   clean-up code gets to run, as with SIGKILL or a Lambda timeout.
 * - `enospc`: that one write fails with ENOSPC (disk full, a failed PUT) and the process lives on.
 */
import type { Buckets, ObjectBody, ObjectStore } from '../../functions/core/storage/port.js';
import { readAll } from '../../functions/core/storage/port.js';

export class SimulatedCrash extends Error {
  constructor(operation: string) {
    super(`simulated crash at ${operation}`);
    this.name = 'SimulatedCrash';
  }
}

export type FaultKind = 'kill' | 'enospc';

export interface FaultPlan {
  /** 1-based number of the mutation to fault; none when absent (counting only). */
  readonly at?: number;
  readonly kind?: FaultKind;
  /** Only mutations whose key matches count (e.g. only audit writes). */
  readonly only?: RegExp;
}

export interface FaultyBuckets {
  readonly buckets: Buckets;
  /** Mutations seen so far, as `<bucket> <op> <key>`. */
  readonly operations: string[];
  /** Whether the fault has fired. */
  fired(): boolean;
}

function diskFull(operation: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device (injected at ${operation})`), { code: 'ENOSPC' });
}

export function faultyBuckets(inner: Buckets, plan: FaultPlan = {}): FaultyBuckets {
  const operations: string[] = [];
  let dead = false;
  let fired = false;
  const kind = plan.kind ?? 'kill';
  const alive = (what: string) => {
    if (dead) throw new SimulatedCrash(`${what} (after the crash)`);
  };
  /** Counts a mutation; throws the injected fault when its turn comes. */
  const mutation = (bucket: string, op: string, key: string) => {
    alive(`${bucket} ${op} ${key}`);
    if (plan.only && !plan.only.test(key)) return;
    const label = `${bucket} ${op} ${key}`;
    operations.push(label);
    if (plan.at === undefined || operations.length !== plan.at) return;
    fired = true;
    if (kind === 'kill') {
      dead = true;
      throw new SimulatedCrash(label);
    }
    throw diskFull(label);
  };
  const wrap = (bucket: string, store: ObjectStore): ObjectStore => ({
    location: store.location,
    async *read(key) {
      alive(`${bucket} read ${key}`);
      for await (const chunk of store.read(key)) {
        alive(`${bucket} read ${key}`);
        yield chunk;
      }
    },
    async stat(key) {
      alive(`${bucket} stat ${key}`);
      return store.stat(key);
    },
    async *list(prefix) {
      alive(`${bucket} list ${prefix}`);
      yield* store.list(prefix);
    },
    async readVersioned(key) {
      alive(`${bucket} readVersioned ${key}`);
      return store.readVersioned(key);
    },
    async write(key: string, body: ObjectBody) {
      mutation(bucket, 'write', key);
      await store.write(key, body);
    },
    async writeIfUnchanged(key, body, expected) {
      mutation(bucket, 'cas', key);
      return store.writeIfUnchanged(key, body, expected);
    },
    async delete(key) {
      mutation(bucket, 'delete', key);
      await store.delete(key);
    },
    async move(from, to) {
      // S3 has no move: a copy, then a delete; a crash can fall between them.
      mutation(bucket, 'copy', to);
      await store.write(to, await readAll(store, from));
      mutation(bucket, 'delete', from);
      await store.delete(from);
    },
  });
  return {
    buckets: {
      landing: wrap('landing', inner.landing),
      lake: wrap('lake', inner.lake),
      quarantine: wrap('quarantine', inner.quarantine),
    },
    operations,
    fired: () => fired,
  };
}
