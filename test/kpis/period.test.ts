import { describe, expect, it } from 'vitest';
import {
  customPeriod,
  isoWeekLabel,
  isPartial,
  lastYearPeriod,
  monthPeriod,
  previousPeriod,
  weekPeriod,
  weekStart,
} from '../../functions/kpis/period.js';

describe('periods', () => {
  it('knows month lengths, leap years included', () => {
    expect(monthPeriod('2024-02')).toEqual({ kind: 'month', start: '2024-02-01', end: '2024-02-29' });
    expect(previousPeriod(monthPeriod('2026-01'))).toEqual(monthPeriod('2025-12'));
    expect(lastYearPeriod(monthPeriod('2026-03'))).toEqual(monthPeriod('2025-03'));
  });

  it('uses ISO weeks from Monday and compares with the week 52 weeks back', () => {
    expect(weekStart('2026-01-11')).toBe('2026-01-05');
    expect(isoWeekLabel('2025-12-29')).toBe('2026-W01');
    expect(isoWeekLabel('2021-01-04')).toBe('2021-W01');
    expect(previousPeriod(weekPeriod('2026-01-05'))).toEqual(weekPeriod('2025-12-29'));
    expect(lastYearPeriod(weekPeriod('2026-01-05')).start).toBe('2025-01-06');
    expect(() => weekPeriod('2026-01-06')).toThrow(/Monday/);
  });

  it('shifts custom ranges by their length and by a year', () => {
    expect(previousPeriod(customPeriod('2026-01-05', '2026-01-11'))).toEqual(customPeriod('2025-12-29', '2026-01-04'));
    expect(lastYearPeriod(customPeriod('2024-02-29', '2024-03-01'))).toEqual(customPeriod('2023-02-28', '2023-03-01'));
    expect(() => customPeriod('2026-02-01', '2026-01-01')).toThrow(/before it starts/);
    expect(() => monthPeriod('2026-13')).toThrow(/not a calendar day/);
  });

  it('marks a period partial when the data does not cover it whole', () => {
    const coverage = { firstDay: '2025-01-10', lastDay: '2026-02-10' };
    expect(isPartial(monthPeriod('2026-01'), coverage)).toBe(false);
    expect(isPartial(monthPeriod('2026-02'), coverage)).toBe(true);
    expect(isPartial(monthPeriod('2025-01'), coverage)).toBe(true);
    expect(isPartial(monthPeriod('2026-01'), { firstDay: null, lastDay: null })).toBe(true);
  });
});
