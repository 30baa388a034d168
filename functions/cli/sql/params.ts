/**
 * `--param` values as typed parameters: whole numbers become integers (bigint past 2^53), other
 * numbers doubles, `true`/`false` booleans, `null` NULL, everything else text. `text:…` forces
 * text (`--param text:007`). Dates stay ISO text; the engine casts them where compared to a date.
 */
import type { Param } from '../../query/engine.js';

const INTEGER = /^-?\d+$/;
const FRACTION = /^-?\d+\.\d+(e[+-]?\d+)?$/i;
const TEXT_PREFIX = 'text:';

export function parseParam(raw: string): Param {
  if (raw.startsWith(TEXT_PREFIX)) return raw.slice(TEXT_PREFIX.length);
  if (raw === 'null') return null;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (INTEGER.test(raw)) {
    const value = BigInt(raw);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (FRACTION.test(raw)) return Number(raw);
  return raw;
}
