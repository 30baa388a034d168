/**
 * Where UTF-8 goes wrong, for the message that rejects a file: `isUtf8` (node:buffer) says only
 * whether a range is valid; this finds the first byte of the first bad sequence. Runs only on a
 * range already known to be invalid, so it is written for clarity, not speed.
 */

/** Offset of the first byte in `[from, to)` that does not start or continue a valid sequence; -1 when valid. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte → sequence length and the range its second byte must lie in (no overlongs, no
    // surrogates, nothing past U+10FFFF: RFC 3629 table 3-7).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > to) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k] as number;
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c < lo || c > hi) return i;
    }
    i += length;
  }
  return -1;
}
