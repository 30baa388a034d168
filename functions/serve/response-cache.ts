/**
 * Answers already computed for the open build. A build never changes once swapped in (a new one is
 * a new file, and CurrentBuild opens it with a new cache), so an answer keyed by its validated
 * request stays right for as long as the build is open — the week scorecard aggregates a year of
 * daily parts, and a review clicks back and forth between the same few views. Bounded: the oldest
 * answers go first.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly capacity = 500) {}

  /** The answer for `key`, computed once; a failed computation is not kept. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) {
      // Refreshed to the newest, so the views in use are not the ones evicted.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const answer = compute();
    this.entries.set(key, answer);
    answer.catch(() => {
      if (this.entries.get(key) === answer) this.entries.delete(key);
    });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return answer;
  }

  get size(): number {
    return this.entries.size;
  }
}
