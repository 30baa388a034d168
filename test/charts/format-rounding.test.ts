/**
 * Displayed values round like the warehouse: half up on the decimal digits, as SQL's round() does to
 * a DECIMAL, not on the binary double (toFixed). The oracle is integer arithmetic on the decimal
 * digits themselves (BigInt), independent of the formatter's exponent shift.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue, toFixedHalfUp } from '../../functions/charts/format.js';

/** `units / 10^scale` rounded half up to `digits` decimals, as text, by integer arithmetic. */
function decimalHalfUp(units: bigint, scale: number, digits: number): string {
  const drop = BigInt(10) ** BigInt(Math.max(scale - digits, 0));
  const widen = BigInt(10) ** BigInt(Math.max(digits - scale, 0));
  const rounded = scale > digits ? (units + drop / BigInt(2)) / drop : units * widen;
  const text = rounded.toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

function decimalText(units: bigint, scale: number): string {
  return scale === 0 ? units.toString() : decimalHalfUp(units, scale, scale);
}

const decimals = fc.record({
  units: fc.bigInt({ min: BigInt(0), max: BigInt(999_999_999_999) }),
  scale: fc.integer({ min: 0, max: 6 }),
  digits: fc.integer({ min: 0, max: 3 }),
});

describe('toFixedHalfUp', () => {
  it('rounds the cases toFixed gets wrong the way the warehouse does', () => {
    expect((253.385).toFixed(2)).toBe('253.38'); // the double is 253.38499…
    expect(formatValue(253.385, 'currency')).toBe('253.39');
    expect(formatValue(1.005, 'currency')).toBe('1.01');
    expect(formatValue(0.97995, 'ratio')).toBe('98.0%');
    expect(formatValue(0.0012345, 'ratio')).toBe('0.12%');
    expect(formatValue(2.675, 'hours')).toBe('2.68');
    expect(formatValue(1e-7, 'currency')).toBe('0.00');
  });

  it('equals integer half-up rounding of the decimal for every value of up to 12 digits (2,000 cases)', () => {
    fc.assert(
      fc.property(decimals, ({ units, scale, digits }) => {
        const value = Number(decimalText(units, scale));
        expect(toFixedHalfUp(value, digits)).toBe(decimalHalfUp(units, scale, digits));
      }),
      { seed: 20261204, numRuns: 2000 },
    );
  });

  it('shows a ratio as a percentage rounded on its decimal digits, not on value × 100 in binary', () => {
    fc.assert(
      fc.property(decimals, ({ units, scale, digits }) => {
        const ratio = Number(decimalText(units, scale + 2));
        expect(toFixedHalfUp(ratio, digits, true)).toBe(decimalHalfUp(units, scale, digits));
      }),
      { seed: 20261204, numRuns: 2000 },
    );
  });
});
