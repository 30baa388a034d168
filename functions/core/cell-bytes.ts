/**
 * The fast path's cell parsers: each reads one cell straight from its bytes and gives its value,
 * or NaN (-1 for digits and booleans) when the cell is not in the one spelling it handles; the
 * column decoder then declines the record to the contract's zod schema (column-decoder.ts).
 */
import {
  daysFromCivil,
  daysInMonth,
  FALSE_WORDS,
  MAX_YEAR,
  MICROS_PER_DAY,
  MIN_YEAR,
  TRUE_WORDS,
} from '../../schemas/values.js';

/** Digits that always fit a safe integer (2^53 ≈ 9.007e15). */
export const SAFE_DIGITS = 15;

const encoder = new TextEncoder();

/** The value of `count` ASCII digits at `at`, or -1. */
export function digits(bytes: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = (bytes[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

export function oneOf(choices: Uint8Array[], bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  outer: for (const choice of choices) {
    if (choice.length !== n) continue;
    for (let k = 0; k < n; k++) if (choice[k] !== bytes[start + k]) continue outer;
    return true;
  }
  return false;
}

/** `[+-]digits`; NaN when not that or too long to be exact. */
export function integer(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const sign = bytes[i] === 45 ? -1 : 1;
  if (bytes[i] === 45 || bytes[i] === 43) i++;
  if (i === end || end - i > SAFE_DIGITS) return Number.NaN;
  let v = 0;
  for (; i < end; i++) {
    const d = (bytes[i] as number) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return sign * v;
}

/** `[+-]digits[.digits]` → unscaled at `scale`; NaN when not that, over-precise or too long. */
export function decimal(bytes: Uint8Array, start: number, end: number, scale: number): number {
  let i = start;
  const sign = bytes[i] === 45 ? -1 : 1;
  if (bytes[i] === 45 || bytes[i] === 43) i++;
  let v = 0;
  let whole = 0;
  for (; i < end; i++) {
    const d = (bytes[i] as number) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    whole++;
  }
  if (whole === 0) return Number.NaN;
  let fraction = 0;
  if (i < end) {
    if (bytes[i] !== 46) return Number.NaN; // .
    i++;
    if (i === end) return Number.NaN;
    for (; i < end; i++) {
      const d = (bytes[i] as number) - 48;
      if (d < 0 || d > 9) return Number.NaN;
      if (fraction < scale) {
        v = v * 10 + d;
        fraction++;
      } else if (d !== 0) {
        return Number.NaN; // more decimal places than the scale: the zod path words the error
      }
    }
  }
  if (whole + scale > SAFE_DIGITS) return Number.NaN;
  for (; fraction < scale; fraction++) v *= 10;
  return sign * v;
}

const TRUE_BYTES = TRUE_WORDS.map((w) => encoder.encode(w));
const FALSE_BYTES = FALSE_WORDS.map((w) => encoder.encode(w));

/** 1, 0, or -1 when the word is not a boolean (compared case-insensitively, ASCII only). */
export function boolean(bytes: Uint8Array, start: number, end: number): number {
  const lower = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);
  const matches = (word: Uint8Array) => {
    if (word.length !== end - start) return false;
    for (let k = 0; k < word.length; k++) if (lower(bytes[start + k] as number) !== word[k]) return false;
    return true;
  };
  if (TRUE_BYTES.some(matches)) return 1;
  if (FALSE_BYTES.some(matches)) return 0;
  return -1;
}

/** `YYYY-MM-DD` → days since the epoch; NaN when not that or not a calendar date in range. */
export function date(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return Number.NaN;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return Number.NaN;
  if (day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** Epoch µs of an instant with `Z` or `±HH:MM`; a 19-byte zone-less time is wall-clock µs for now. */
export function timestamp(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n !== 20 && n !== 25 && n !== 19) return Number.NaN;
  const b = start;
  if (bytes[b + 4] !== 45 || bytes[b + 7] !== 45 || bytes[b + 10] !== 84 || bytes[b + 13] !== 58) return Number.NaN;
  if (bytes[b + 16] !== 58) return Number.NaN;
  const year = digits(bytes, b, 4);
  const month = digits(bytes, b + 5, 2);
  const day = digits(bytes, b + 8, 2);
  const hour = digits(bytes, b + 11, 2);
  const minute = digits(bytes, b + 14, 2);
  const second = digits(bytes, b + 17, 2);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return Number.NaN;
  if (day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  if (second < 0 || second > 59) return Number.NaN;
  let offsetMinutes = 0;
  if (n === 20) {
    if (bytes[b + 19] !== 90) return Number.NaN; // Z
  } else if (n === 25) {
    const sign = bytes[b + 19];
    const oh = digits(bytes, b + 20, 2);
    const om = digits(bytes, b + 23, 2);
    if ((sign !== 43 && sign !== 45) || bytes[b + 22] !== 58 || oh < 0 || oh > 18 || om < 0 || om > 59) {
      return Number.NaN;
    }
    offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  }
  const microsOfDay = ((hour * 60 + minute) * 60 + second) * 1_000_000;
  return daysFromCivil(year, month, day) * MICROS_PER_DAY + microsOfDay - offsetMinutes * 60_000_000;
}
