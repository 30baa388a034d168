/**
 * Strict parsers from the text of a feed cell to the lake's normalised value.
 *
 * Each returns either the value or a `ParseFailure` naming the rule that was broken. They are
 * written by hand rather than with `Date.parse`/`Number` because those accept too much:
 * `new Date('2023-02-30')` rolls over to March, `Number('1e3')` and `Number(' 12 ')` succeed,
 * and a zone-less time would silently be read in the machine's zone.
 */

export interface ParseFailure {
  readonly rule: string;
  readonly message: string;
}

export const fail = (rule: string, message: string): ParseFailure => ({ rule, message });

export function isFailure(value: unknown): value is ParseFailure {
  return typeof value === 'object' && value !== null && 'rule' in value && 'message' in value;
}

export const MICROS_PER_DAY = 86_400_000_000;

/** The calendar years a date or timestamp cell may fall in; outside them a value is a typo. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** Days since 1970-01-01 of a proleptic Gregorian date (no range checks). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` for days since the epoch. */
export function formatDay(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` (UTC) of an instant in epoch microseconds. */
export function utcDayOfMicros(micros: number): string {
  return formatDay(Math.floor(micros / MICROS_PER_DAY));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar date → days since epoch. Rejects impossible dates instead of rolling them over. */
export function parseDate(text: string, minYear = MIN_YEAR, maxYear = MAX_YEAR): number | ParseFailure {
  const m = DATE_RE.exec(text);
  if (!m) return fail('date_format', `expected a date as YYYY-MM-DD, got "${text}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('date_valid', `"${text}" is not a calendar date`);
  }
  if (year < minYear || year > maxYear) {
    return fail('date_range', `"${text}" is outside ${minYear}–${maxYear}`);
  }
  return daysFromCivil(year, month, day);
}

/** A wall-clock time without an offset; it is resolved to UTC with the site's timezone. */
export interface LocalTimestamp {
  readonly local: true;
  readonly days: number;
  readonly microsOfDay: number;
  readonly text: string;
}

export function isLocalTimestamp(value: unknown): value is LocalTimestamp {
  return typeof value === 'object' && value !== null && (value as LocalTimestamp).local === true;
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO 8601 instant → epoch microseconds (UTC). A value without `Z` or an offset comes back as a
 * `LocalTimestamp`, for the caller to resolve in the site's timezone. Sub-microsecond digits are
 * rejected rather than truncated, so no value is silently changed.
 */
export function parseTimestamp(
  text: string,
  minYear = MIN_YEAR,
  maxYear = MAX_YEAR,
): number | LocalTimestamp | ParseFailure {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) {
    return fail(
      'timestamp_format',
      `expected an ISO 8601 timestamp (YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]), got "${text}"`,
    );
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] ?? '';
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('timestamp_valid', `"${text}" is not a calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return fail('timestamp_valid', `"${text}" is not a valid time of day`);
  }
  if (fraction.length > 6 && /[1-9]/.test(fraction.slice(6))) {
    return fail('timestamp_precision', `"${text}" has more than microsecond precision`);
  }
  if (year < minYear || year > maxYear) {
    return fail('timestamp_range', `"${text}" is outside ${minYear}–${maxYear}`);
  }
  const micros = Number(fraction.slice(0, 6).padEnd(6, '0'));
  const days = daysFromCivil(year, month, day);
  const microsOfDay = ((hour * 60 + minute) * 60 + second) * 1_000_000 + micros;
  const zone = m[8];
  if (zone === undefined) return { local: true, days, microsOfDay, text };
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 18 || om > 59) return fail('timestamp_valid', `"${text}" has an impossible UTC offset`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  return days * MICROS_PER_DAY + microsOfDay - offsetMinutes * 60_000_000;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at the instant `utcMillis`, in milliseconds. */
export function zoneOffsetMillis(timeZone: string, utcMillis: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMillis));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMillis / 1000) * 1000;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const MILLIS_PER_DAY = 86_400_000;

/**
 * Offsets of one zone by wall-clock day, where the whole day (and a day either side) has one
 * offset: most values then cost one map look-up instead of several Intl calls. Days near a
 * transition are stored as `TRANSITION_NEAR` and resolved value by value.
 */
const TRANSITION_NEAR = Number.NaN;
const steadyOffsetsByZone = new Map<string, Map<number, number>>();

function steadyOffsetOfDay(timeZone: string, wallDay: number): number {
  let byDay = steadyOffsetsByZone.get(timeZone);
  if (!byDay) {
    byDay = new Map();
    steadyOffsetsByZone.set(timeZone, byDay);
  }
  let offset = byDay.get(wallDay);
  if (offset === undefined) {
    // Every instant of the wall day lies within ±14 h of it; offsets a day before and two days
    // after that bracket agree only when no transition falls inside.
    const before = zoneOffsetMillis(timeZone, (wallDay - 1) * MILLIS_PER_DAY);
    const after = zoneOffsetMillis(timeZone, (wallDay + 2) * MILLIS_PER_DAY);
    offset = before === after ? before : TRANSITION_NEAR;
    byDay.set(wallDay, offset);
  }
  return offset;
}

/**
 * Wall-clock time in `timeZone` → epoch milliseconds, the way Temporal's 'compatible'
 * disambiguation does it: in a spring-forward gap the time is read with the offset before the
 * transition (America/Chicago 2025-03-09T02:30 → 08:30Z, as if the clock had not yet jumped);
 * in a fall-back overlap the earlier of the two instants wins.
 */
function wallMillisToUtc(wallMillis: number, timeZone: string): number {
  const offsetBefore = zoneOffsetMillis(timeZone, wallMillis - MILLIS_PER_DAY);
  const offsetAfter = zoneOffsetMillis(timeZone, wallMillis + MILLIS_PER_DAY);
  const withBefore = wallMillis - offsetBefore;
  const withAfter = wallMillis - offsetAfter;
  const beforeHolds = zoneOffsetMillis(timeZone, withBefore) === offsetBefore;
  const afterHolds = zoneOffsetMillis(timeZone, withAfter) === offsetAfter;
  if (beforeHolds && afterHolds) return Math.min(withBefore, withAfter); // overlap: the earlier
  if (afterHolds) return withAfter;
  if (beforeHolds) return withBefore;
  return withBefore; // gap: the offset before the transition, so the time lands after the jump
}

/**
 * Wall-clock time in `timeZone` → epoch microseconds (see wallMillisToUtc for gaps and
 * overlaps). Proven against Python's zoneinfo over every transition 1990–2035 of every zone in
 * test/schemas/dst-differential.test.ts.
 */
export function localToUtcMicros(local: LocalTimestamp, timeZone: string): number {
  const wallMicros = local.days * MICROS_PER_DAY + local.microsOfDay;
  const wallMillis = Math.floor(wallMicros / 1000);
  const steady = steadyOffsetOfDay(timeZone, local.days);
  const utcMillis = Number.isNaN(steady) ? wallMillisToUtc(wallMillis, timeZone) : wallMillis - steady;
  return utcMillis * 1000 + (wallMicros - wallMillis * 1000);
}

const INTEGER_RE = /^[+-]?\d+$/;

export function parseInteger(text: string): number | ParseFailure {
  if (!INTEGER_RE.test(text)) return fail('integer_format', `expected a whole number, got "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return fail('integer_range', `"${text}" is too large`);
  return value;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Decimal text → unscaled integer at `scale` (123.45 at scale 2 → 12345). Money never passes
 * through a binary float: the digits are shifted as text. Thousands separators and exponents are
 * type drift and are rejected, not guessed at.
 */
export function parseDecimal(text: string, scale: number): number | ParseFailure {
  const m = DECIMAL_RE.exec(text);
  if (!m) return fail('decimal_format', `expected a decimal number like 1234.50, got "${text}"`);
  const fraction = m[3] ?? '';
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    return fail('decimal_scale', `"${text}" has more than ${scale} decimal places`);
  }
  const digits = (m[2] + fraction.slice(0, scale).padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
  const unscaled = Number(digits);
  if (!Number.isSafeInteger(unscaled)) return fail('decimal_range', `"${text}" is too large`);
  return m[1] === '-' ? -unscaled : unscaled;
}

export function formatDecimal(unscaled: number, scale: number): string {
  const sign = unscaled < 0 ? '-' : '';
  const digits = String(Math.abs(unscaled)).padStart(scale + 1, '0');
  return scale === 0 ? sign + digits : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The spellings of a boolean cell, compared case-insensitively. */
export const TRUE_WORDS: readonly string[] = ['true', 't', 'yes', 'y', '1'];
export const FALSE_WORDS: readonly string[] = ['false', 'f', 'no', 'n', '0'];

export function parseBoolean(text: string): boolean | ParseFailure {
  const word = text.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return fail('boolean_format', `expected true/false, got "${text}"`);
}
