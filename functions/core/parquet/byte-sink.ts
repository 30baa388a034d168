/** Byte-level helpers of the encoders: a growable sink and the comparisons Parquet's orders need. */
import type * as arrow from 'apache-arrow';
import { type ColumnPlan, ValueLayout } from './column-plan.js';

/** A growable byte buffer, reused from page to page. */
export class ByteSink {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  reserve(more: number): Uint8Array {
    if (this.length + more > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    return this.bytes;
  }

  int32(value: number): void {
    const bytes = this.reserve(4);
    const at = this.length;
    bytes[at] = value;
    bytes[at + 1] = value >>> 8;
    bytes[at + 2] = value >>> 16;
    bytes[at + 3] = value >>> 24;
    this.length += 4;
  }

  varint(value: number): void {
    const bytes = this.reserve(5);
    let v = value;
    while (v >= 0x80) {
      bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    bytes[this.length++] = v;
  }

  append(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    const bytes = this.reserve(n);
    if (n <= 32) {
      let at = this.length;
      for (let k = start; k < end; k++) bytes[at++] = source[k] as number;
    } else bytes.set(source.subarray(start, end), this.length);
    this.length += n;
  }
}

/** Little-endian bytes of a fixed-width column's values. */
export function wordBytes(data: arrow.Data): Uint8Array {
  const values = data.values as ArrayBufferView;
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

export function isValid(data: arrow.Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const bit = data.offset + i;
  return (((bitmap[bit >> 3] as number) >> (bit & 7)) & 1) === 1;
}

/** Unsigned lexicographic comparison of two byte ranges (Parquet's order for strings). */
export function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const d = (a[as + k] as number) - (b[bs + k] as number);
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

export function equalBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let k = 0; k < ae - as; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

/** A value's PLAIN bytes (the length prefix of strings excluded): for dictionaries and statistics. */
export function plainValue(plan: ColumnPlan, data: arrow.Data, i: number): Uint8Array {
  if (plan.layout === ValueLayout.text) {
    const offsets = data.valueOffsets as Int32Array;
    return (data.values as Uint8Array).slice(offsets[i], offsets[i + 1]);
  }
  const bytes = wordBytes(data);
  const size = plan.stride * 4;
  if (plan.layout === ValueLayout.words) return bytes.slice(i * size, i * size + plan.width);
  // Decimal: the low `width` bytes, most significant first.
  const out = new Uint8Array(plan.width);
  for (let b = 0; b < plan.width; b++) out[b] = bytes[i * size + plan.width - 1 - b] as number;
  return out;
}

/** Sets bits `[from, from + count)`. */
export function setBits(bits: Uint8Array, from: number, count: number): void {
  let i = from;
  const end = from + count;
  for (; i < end && (i & 7) !== 0; i++) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
  for (; i + 8 <= end; i += 8) bits[i >> 3] = 0xff;
  for (; i < end; i++) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}
