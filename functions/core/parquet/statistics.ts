/** Column-chunk statistics: null count, and min/max in the logical type's order. */
import type * as arrow from 'apache-arrow';
import { compareBytes, isValid, plainValue } from './byte-sink.js';
import { type ColumnPlan, ValueLayout } from './column-plan.js';
import type { Dictionary } from './dictionary.js';

export interface Statistics {
  nullCount: number;
  min?: Uint8Array;
  max?: Uint8Array;
}

/**
 * Whether value `a` of one fixed-width column sorts before value `b` of another (or the same),
 * both as signed integers of `stride` little-endian words: the top word signed, the rest unsigned.
 */
export function lessThan(
  sa: Int32Array,
  ua: Uint32Array,
  a: number,
  sb: Int32Array,
  ub: Uint32Array,
  b: number,
  stride: number,
): boolean {
  const top = stride - 1;
  const ha = sa[a * stride + top] as number;
  const hb = sb[b * stride + top] as number;
  if (ha !== hb) return ha < hb;
  for (let w = top - 1; w >= 0; w--) {
    const la = ua[a * stride + w] as number;
    const lb = ub[b * stride + w] as number;
    if (la !== lb) return la < lb;
  }
  return false;
}

export function statisticsOf(
  plan: ColumnPlan,
  chunks: arrow.Data[],
  nullCount: number,
  dictionary?: Dictionary,
): Statistics {
  const statistics: Statistics = { nullCount };
  if (!plan.statistics || plan.layout === ValueLayout.bits) return statistics;
  if (plan.layout === ValueLayout.text) {
    let min: Uint8Array | undefined;
    let max: Uint8Array | undefined;
    if (dictionary) {
      for (const entry of dictionary.entries) {
        if (!min || compareBytes(entry, 0, entry.length, min, 0, min.length) < 0) min = entry;
        if (!max || compareBytes(entry, 0, entry.length, max, 0, max.length) > 0) max = entry;
      }
      return { nullCount, min, max };
    }
    for (const data of chunks) {
      const checkNulls = plan.nullable && data.nullCount > 0;
      const offsets = data.valueOffsets as Int32Array;
      const values = data.values as Uint8Array;
      let lo = -1;
      let hi = -1;
      for (let i = 0; i < data.length; i++) {
        if (checkNulls && !isValid(data, i)) continue;
        const s = offsets[i] as number;
        const e = offsets[i + 1] as number;
        if (lo < 0) lo = hi = i;
        else if (compareBytes(values, s, e, values, offsets[lo] as number, offsets[lo + 1] as number) < 0) lo = i;
        else if (compareBytes(values, s, e, values, offsets[hi] as number, offsets[hi + 1] as number) > 0) hi = i;
      }
      if (lo < 0) continue;
      const low = values.subarray(offsets[lo], offsets[lo + 1]);
      const high = values.subarray(offsets[hi], offsets[hi + 1]);
      if (!min || compareBytes(low, 0, low.length, min, 0, min.length) < 0) min = low.slice();
      if (!max || compareBytes(high, 0, high.length, max, 0, max.length) > 0) max = high.slice();
    }
    return min && max ? { nullCount, min, max } : statistics;
  }
  const stride = plan.stride;
  let best:
    | { min: [Int32Array, Uint32Array, number, arrow.Data]; max: [Int32Array, Uint32Array, number, arrow.Data] }
    | undefined;
  for (const data of chunks) {
    const values = data.values as ArrayBufferView;
    const signed = new Int32Array(values.buffer, values.byteOffset, data.length * stride);
    const unsigned = new Uint32Array(values.buffer, values.byteOffset, data.length * stride);
    const checkNulls = plan.nullable && data.nullCount > 0;
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < data.length; i++) {
      if (checkNulls && !isValid(data, i)) continue;
      if (lo < 0) {
        lo = hi = i;
        // A dictionary here means every value is the same: the first one is min and max.
        if (dictionary) break;
      } else if (lessThan(signed, unsigned, i, signed, unsigned, lo, stride)) lo = i;
      else if (lessThan(signed, unsigned, hi, signed, unsigned, i, stride)) hi = i;
    }
    if (lo < 0) continue;
    if (!best) best = { min: [signed, unsigned, lo, data], max: [signed, unsigned, hi, data] };
    else {
      const [sm, um, m] = best.min;
      if (lessThan(signed, unsigned, lo, sm, um, m, stride)) best.min = [signed, unsigned, lo, data];
      const [sx, ux, x] = best.max;
      if (lessThan(sx, ux, x, signed, unsigned, hi, stride)) best.max = [signed, unsigned, hi, data];
    }
    if (dictionary) break;
  }
  if (!best) return statistics;
  return {
    nullCount,
    min: plainValue(plan, best.min[3], best.min[2]),
    max: plainValue(plan, best.max[3], best.max[2]),
  };
}
