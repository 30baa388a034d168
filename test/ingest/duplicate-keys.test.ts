/**
 * The duplicate-key set against a plain Map on the same keys: ascending runs (no table), order
 * breaks (table built from the run), random order, and windows.
 */
import { describe, expect, it } from 'vitest';
import { DuplicateKeys } from '../../functions/core/duplicate-keys.js';

const encoder = new TextEncoder();

/** Feeds keys in order; returns, per key, the first row it was seen at or -1 (row = index + 2). */
function firstRows(keys: string[], capacity?: number): { seen: number[]; set: DuplicateKeys } {
  const set = new DuplicateKeys(capacity);
  // All keys in one buffer, as they lie in a CSV slice.
  const bytes = encoder.encode(keys.join(''));
  let at = 0;
  const seen = keys.map((key, i) => {
    const length = encoder.encode(key).length;
    const first = set.check(bytes, at, at + length, i + 2);
    at += length;
    return first;
  });
  return { seen, set };
}

function expected(keys: string[]): number[] {
  const first = new Map<string, number>();
  return keys.map((key, i) => {
    const row = first.get(key);
    if (row !== undefined) return row;
    first.set(key, i + 2);
    return -1;
  });
}

describe('DuplicateKeys', () => {
  it('finds a repeat of an early key after a long ascending run (shortlex: EV-9 < EV-10)', () => {
    const keys = [...Array.from({ length: 5000 }, (_, i) => `EV-${i}`), 'EV-17', 'EV-4999', 'EV-5000', 'EV-5000'];
    const { seen } = firstRows(keys);
    expect(seen.slice(0, 5000).every((r) => r === -1)).toBe(true);
    expect(seen.slice(5000)).toEqual([19, 5001, -1, 5004]);
    expect(seen).toEqual(expected(keys));
  });

  it('agrees with a Map on keys in random order with repeats', () => {
    let state = 42;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const keys = Array.from({ length: 20_000 }, () => `K${Math.floor(random() * 15_000)}${random() < 0.1 ? 'é' : ''}`);
    const { seen } = firstRows(keys);
    expect(seen).toEqual(expected(keys));
    expect(seen.filter((r) => r >= 0).length).toBeGreaterThan(1000);
  });

  it('checks within windows of `capacity` keys and says so', () => {
    const keys = Array.from({ length: 250 }, (_, i) => `K-${(i * 7919) % 250}`);
    keys.push('K-0');
    const { seen, set } = firstRows(keys, 100);
    // K-0 was first seen at row 2, in the first window; the third window no longer knows it.
    expect(seen.at(-1)).toBe(-1);
    expect(set.windows).toBe(2);
    expect(set.warning()).toMatch(/windows of 100 distinct keys \(3 windows\)/);
    const { seen: inWindow } = firstRows(['A', 'B', 'A'], 100);
    expect(inWindow).toEqual([-1, -1, 2]);
    expect(new DuplicateKeys(100).warning()).toBeNull();
  });
});
