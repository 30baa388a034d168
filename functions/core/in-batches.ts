/** Bounded parallelism for storage work: S3 answers each request in tens of ms, a local disk in well under one. */

/** Reads, writes and deletes in flight at once. */
export const PARALLEL = 16;

/**
 * `work` over `items`, `parallel` at a time. A failure is thrown only once every operation of its
 * batch has finished, so no delete is still in flight when the caller (or a reader after it)
 * looks at the lake.
 */
export async function inBatches<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<R>,
  parallel = PARALLEL,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += parallel) {
    const settled = await Promise.allSettled(items.slice(i, i + parallel).map(work));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    results.push(...settled.map((s) => (s as PromiseFulfilledResult<R>).value));
  }
  return results;
}
