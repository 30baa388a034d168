/** Dictionary encoding of a column chunk: which chunks take one, and its entries and indices. */
import { Buffer } from 'node:buffer';
import type * as arrow from 'apache-arrow';
import { equalBytes, isValid, plainValue, wordBytes } from './byte-sink.js';
import { type ColumnPlan, ValueLayout } from './column-plan.js';

/** A categorical column with more distinct values than this in a chunk is written PLAIN. */
const MAX_DICTIONARY_ENTRIES = 256;

/** A dictionary for one column chunk: its distinct values in first-seen order, and each value's index. */
export interface Dictionary {
  readonly entries: Uint8Array[];
  /** Index per non-null value, in row order. */
  readonly indices: Uint8Array;
}

/**
 * A dictionary for the chunk if it takes one: categorical columns up to MAX_DICTIONARY_ENTRIES
 * values, any other column only when every value is the same.
 */
export function buildDictionary(plan: ColumnPlan, chunks: arrow.Data[], nonNull: number): Dictionary | undefined {
  if (plan.layout === ValueLayout.bits || nonNull === 0) return undefined;
  if (plan.categorical && plan.layout === ValueLayout.text) return categoricalDictionary(plan, chunks, nonNull);
  return constantDictionary(plan, chunks);
}

export function categoricalDictionary(plan: ColumnPlan, chunks: arrow.Data[], nonNull: number): Dictionary | undefined {
  const entries: Uint8Array[] = [];
  const indices = new Uint8Array(nonNull);
  let k = 0;
  let last = 0;
  for (const data of chunks) {
    const checkNulls = plan.nullable && data.nullCount > 0;
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      if (checkNulls && !isValid(data, i)) continue;
      const s = offsets[i] as number;
      const e = offsets[i + 1] as number;
      let found = -1;
      const previous = entries[last];
      if (previous && equalBytes(previous, 0, previous.length, values, s, e)) found = last;
      else {
        for (let d = 0; d < entries.length; d++) {
          const entry = entries[d] as Uint8Array;
          if (equalBytes(entry, 0, entry.length, values, s, e)) {
            found = d;
            break;
          }
        }
      }
      if (found < 0) {
        if (entries.length === MAX_DICTIONARY_ENTRIES) return undefined;
        found = entries.length;
        entries.push(values.slice(s, e));
      }
      last = found;
      indices[k++] = found;
    }
  }
  return { entries, indices };
}

/** Whether `bytes[start, end)` is `first` repeated (a whole number of times). */
export function repeats(first: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  const n = first.length;
  if ((end - start) % Math.max(n, 1) !== 0 || !equalBytes(first, 0, n, bytes, start, Math.min(start + n, end)))
    return false;
  if (end - start <= n) return true;
  // A run equals its own copy shifted by one value exactly when every value equals the first:
  // one native memcmp instead of a comparison per value.
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  return whole.subarray(n).equals(whole.subarray(0, end - start - n));
}

/** A one-entry dictionary when every value of the chunk is the same (one per file: lineage, site). */
export function constantDictionary(plan: ColumnPlan, chunks: arrow.Data[]): Dictionary | undefined {
  let first: Uint8Array | undefined;
  let entry: Uint8Array | undefined;
  const size = plan.stride * 4;
  for (const data of chunks) {
    const text = plan.layout === ValueLayout.text;
    const offsets = data.valueOffsets as Int32Array;
    const bytes = text ? (data.values as Uint8Array) : wordBytes(data);
    const start = (i: number) => (text ? (offsets[i] as number) : i * size);
    const end = (i: number) => (text ? (offsets[i + 1] as number) : (i + 1) * size);
    if (plan.nullable && data.nullCount > 0) {
      for (let i = 0; i < data.length; i++) {
        if (!isValid(data, i)) continue;
        if (!first) {
          first = bytes.slice(start(i), end(i));
          entry = text ? first : plainValue(plan, data, i);
        } else if (!equalBytes(first, 0, first.length, bytes, start(i), end(i))) return undefined;
      }
      continue;
    }
    if (data.length === 0) continue;
    if (!first) {
      first = bytes.slice(start(0), end(0));
      entry = text ? first : plainValue(plan, data, 0);
    }
    if (text) {
      const length = first.length;
      for (let i = 0; i < data.length; i++)
        if ((offsets[i + 1] as number) - (offsets[i] as number) !== length) return undefined;
    }
    if (!repeats(first, bytes, start(0), end(data.length - 1))) return undefined;
  }
  return entry ? { entries: [entry], indices: new Uint8Array(0) } : undefined;
}
