/**
 * parseTimestamp (the zod path's reader, also the oracle of the byte fast path in
 * column-decoder.ts): it must agree with the JavaScript Date for every instant and word every bad
 * value's error.
 */
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../schemas/values.js';

const micros = (iso: string) => Date.parse(iso) * 1000;

describe('parseTimestamp', () => {
  it('reads Z and ±HH:MM instants exactly as Date does, across years, months, offsets and leap days', () => {
    let checked = 0;
    for (let i = 0; i < 5000; i++) {
      // A spread of instants from 1901 to 2099 (deterministic, no Math.random).
      const ms = Date.UTC(1901, 0, 1) + ((i * 7_919_113_127) % (Date.UTC(2099, 0, 1) - Date.UTC(1901, 0, 1)));
      const at = new Date(Math.floor(ms / 1000) * 1000);
      const z = `${at.toISOString().slice(0, 19)}Z`;
      expect(parseTimestamp(z), z).toBe(micros(z));
      const offset = ((i % 27) - 13) * 60 + (i % 2) * 30; // −13:00 … +13:30
      const local = new Date(at.getTime() + offset * 60_000);
      const sign = offset < 0 ? '-' : '+';
      const abs = Math.abs(offset);
      const spelled = `${local.toISOString().slice(0, 19)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      expect(parseTimestamp(spelled), spelled).toBe(at.getTime() * 1000);
      checked += 2;
    }
    expect(checked).toBe(10_000);
    expect(parseTimestamp('2024-02-29T23:59:59Z')).toBe(micros('2024-02-29T23:59:59Z'));
  });

  it('leaves impossible values to the general path, with its rule', () => {
    const rule = (text: string) => (parseTimestamp(text) as { rule?: string }).rule;
    expect(rule('2025-02-29T10:00:00Z')).toBe('timestamp_valid');
    expect(rule('2025-01-01T24:00:00Z')).toBe('timestamp_valid');
    expect(rule('2025-01-01T10:00:60+01:00')).toBe('timestamp_valid');
    expect(rule('2025-01-01T10:00:00+19:00')).toBe('timestamp_valid');
    expect(rule('1800-01-01T10:00:00Z')).toBe('timestamp_range');
    expect(rule('2025-01-01T1a:00:00Z')).toBe('timestamp_format');
    expect(rule('2025-01-01T10:00:00X')).toBe('timestamp_format');
  });

  it('still reads the other spellings: fractions, no seconds, a space, no offset', () => {
    expect(parseTimestamp('2026-03-02T08:00:00.123456Z')).toBe(micros('2026-03-02T08:00:00Z') + 123_456);
    expect(parseTimestamp('2026-03-02 08:00Z')).toBe(micros('2026-03-02T08:00:00Z'));
    expect(parseTimestamp('2026-03-02T08:00:00')).toMatchObject({ local: true });
  });
});
