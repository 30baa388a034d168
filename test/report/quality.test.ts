/**
 * The data-quality section's cadence findings: when a daily feed is missing, late, or sporadic
 * (a feed such as safety incidents whose quiet days are no finding).
 */
import { describe, expect, it } from 'vitest';
import { coverageFinding } from '../../functions/report/quality.js';

const december = (...days: number[]) => new Set(days.map((d) => `2025-12-${String(d).padStart(2, '0')}`));
const all = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const base = { daily: true, daysInMonth: 31, lateBefore: '2025-12-29' };

describe('coverageFinding', () => {
  it('is ok for a regular daily feed that runs to the month end', () => {
    expect(coverageFinding({ ...base, days: december(...all(31)), previousShare: 1 })).toBe('ok');
  });

  it('calls a regular daily feed late when it stops more than two days before the end', () => {
    expect(coverageFinding({ ...base, days: december(...all(20)), previousShare: 1 })).toBe('late');
  });

  it('calls a regular daily feed missing when the month has none of it', () => {
    expect(coverageFinding({ ...base, days: december(), previousShare: 0.9 })).toBe('missing');
  });

  it("keeps a month's single incident after a quiet month sporadic, not late", () => {
    // Safety incidents at a site: none in November, one on 26 December.
    expect(coverageFinding({ ...base, days: december(26), previousShare: 0 })).toBe('sporadic');
    expect(coverageFinding({ ...base, days: december(3, 26), previousShare: 2 / 30 })).toBe('sporadic');
    expect(coverageFinding({ ...base, days: december(), previousShare: 0 })).toBe('sporadic');
  });

  it('judges a feed new this month by this month', () => {
    expect(coverageFinding({ ...base, days: december(...all(31)), previousShare: 0 })).toBe('ok');
  });

  it('needs one delivery of a monthly feed', () => {
    expect(coverageFinding({ ...base, daily: false, days: december(1), previousShare: 1 })).toBe('ok');
    expect(coverageFinding({ ...base, daily: false, days: december(), previousShare: 1 })).toBe('missing');
  });
});
