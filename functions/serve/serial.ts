/**
 * One statement at a time on the engine's connection: DuckDB's connection runs one query, so
 * concurrent requests take turns (each holds the turn until its reads are done).
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
