/**
 * The driver decomposition on cases worked by hand (the working is written next to each case):
 * mix + performance = total change, exactly, and each part is the number computed on paper.
 */

import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { decomposeRatioChange, decomposeSumChange } from '../../functions/kpis/drivers.js';

const f = (n: number, d = 1) => new Fraction(n, d);

describe('decomposeRatioChange', () => {
  it('splits a company on-time rate change into site mix and site performance (worked by hand)', () => {
    // Month 0: A 90/100 on time (r 0.9, weight 100/200 = 0.5), B 60/100 (r 0.6, weight 0.5);
    //          company 150/200 = 0.75.
    // Month 1: A 285/300 (r 0.95, weight 300/400 = 0.75), B 60/100 (r 0.6, weight 0.25);
    //          company 345/400 = 0.8625. Total change 0.8625 − 0.75 = 0.1125.
    // Mix:  A (0.75 − 0.5)·(0.9 + 0.95)/2 = 0.25·0.925 = 0.23125
    //       B (0.25 − 0.5)·(0.6 + 0.6)/2  = −0.25·0.6  = −0.15        → mix 0.08125
    // Perf: A (0.95 − 0.9)·(0.5 + 0.75)/2 = 0.05·0.625 = 0.03125
    //       B (0.6 − 0.6)·(…)             = 0                          → performance 0.03125
    // Check: 0.08125 + 0.03125 = 0.1125.
    const d = decomposeRatioChange([
      { id: 'A', before: { numerator: 90, denominator: 100 }, after: { numerator: 285, denominator: 300 } },
      { id: 'B', before: { numerator: 60, denominator: 100 }, after: { numerator: 60, denominator: 100 } },
    ]);
    expect(d.before.equals(f(3, 4))).toBe(true);
    expect(d.after.equals(f(8625, 10000))).toBe(true);
    expect(d.total.equals(f(1125, 10000))).toBe(true);
    expect(d.mix.equals(f(8125, 100000))).toBe(true);
    expect(d.performance.equals(f(3125, 100000))).toBe(true);
    const a = d.segments.find((s) => s.id === 'A');
    const b = d.segments.find((s) => s.id === 'B');
    expect(a?.mix.equals(f(23125, 100000))).toBe(true);
    expect(a?.performance.equals(f(3125, 100000))).toBe(true);
    expect(b?.mix.equals(f(-15, 100))).toBe(true);
    expect(b?.performance.equals(0)).toBe(true);
    // Largest contribution first: A (+0.2625) before B (−0.15).
    expect(d.segments.map((s) => s.id)).toEqual(['A', 'B']);
  });

  it('puts all of an unchanged-rates shift in mix, and scales to the KPI unit', () => {
    // Rates stay 0.9 and 0.6; A's share goes 0.5 → 0.75. Company 0.75 → (270 + 60)/400 = 0.825:
    // +0.075, all mix: A 0.25·0.9 = 0.225, B −0.25·0.6 = −0.15. At scale 100: +7.5 points.
    const d = decomposeRatioChange(
      [
        { id: 'A', before: { numerator: 90, denominator: 100 }, after: { numerator: 270, denominator: 300 } },
        { id: 'B', before: { numerator: 60, denominator: 100 }, after: { numerator: 60, denominator: 100 } },
      ],
      100,
    );
    expect(d.total.equals(f(75, 10))).toBe(true);
    expect(d.mix.equals(f(75, 10))).toBe(true);
    expect(d.performance.equals(0)).toBe(true);
  });

  it('treats a site present in one month only as pure mix', () => {
    // Month 0: A 50/100 = 0.5. Month 1: A 50/100, C (new) 100/100; company 150/200 = 0.75.
    // Total +0.25. A: weight 1 → 0.5, rate same: mix −0.5·0.5 = −0.25, perf 0.
    // C: weight 0 → 0.5, rate 1 both sides: mix 0.5·1 = 0.5, perf 0. Mix 0.25, perf 0.
    const d = decomposeRatioChange([
      { id: 'A', before: { numerator: 50, denominator: 100 }, after: { numerator: 50, denominator: 100 } },
      { id: 'C', before: null, after: { numerator: 100, denominator: 100 } },
    ]);
    expect(d.total.equals(f(1, 4))).toBe(true);
    expect(d.mix.equals(f(1, 4))).toBe(true);
    expect(d.performance.equals(0)).toBe(true);
  });

  it('refuses a month with no denominator', () => {
    expect(() => decomposeRatioChange([{ id: 'A', before: null, after: { numerator: 1, denominator: 2 } }])).toThrow(
      /non-zero denominator/,
    );
  });

  it('mix + performance = total exactly, for any segments (property)', () => {
    const parts = fc.option(
      fc.record({ numerator: fc.integer({ min: 0, max: 10_000 }), denominator: fc.integer({ min: 1, max: 10_000 }) }),
      { nil: null },
    );
    fc.assert(
      fc.property(fc.array(fc.record({ before: parts, after: parts }), { minLength: 1, maxLength: 6 }), (rows) => {
        const segments = rows.map((r, i) => ({ id: `S${i}`, ...r }));
        if (!segments.some((s) => s.before) || !segments.some((s) => s.after)) return;
        const d = decomposeRatioChange(segments);
        expect(d.mix.add(d.performance).equals(d.total)).toBe(true);
      }),
    );
  });
});

describe('decomposeSumChange', () => {
  it("adds each site's own change (worked by hand)", () => {
    // A 1,000 → 1,200 (+200), B 800 → 750 (−50), C new 0 → 100: total +250.
    const d = decomposeSumChange([
      { id: 'A', before: 1000, after: 1200 },
      { id: 'B', before: 800, after: 750 },
      { id: 'C', before: null, after: 100 },
    ]);
    expect(d.total.equals(250)).toBe(true);
    expect(d.segments.map((s) => [s.id, s.change.valueOf()])).toEqual([
      ['A', 200],
      ['C', 100],
      ['B', -50],
    ]);
  });
});
