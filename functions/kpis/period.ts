/**
 * Reporting periods as inclusive ranges of site-local calendar days (`YYYY-MM-DD`): a calendar
 * month, an ISO week (Monday to Sunday), or a custom range; and the periods a value is compared
 * with — the one before and the same one a year earlier.
 */

export type PeriodKind = 'month' | 'week' | 'custom';

export interface Period {
  readonly kind: PeriodKind;
  /** First day, inclusive. */
  readonly start: string;
  /** Last day, inclusive. */
  readonly end: string;
}

/** The grains a trend is drawn at. */
export type TrendGrain = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
/** A year back for weeks: 52 weeks keeps the weekday, so Monday compares with Monday. */
const WEEKS_PER_YEAR = 52;

export function parseDay(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  }
  return date;
}

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
export const addDays = (day: string, days: number): string => isoDay(new Date(parseDay(day).getTime() + days * DAY_MS));

function addMonths(day: string, months: number): string {
  const d = parseDay(day);
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** Days from `start` to `end`, both included. */
export const daysIn = (start: string, end: string): number =>
  Math.round((parseDay(end).getTime() - parseDay(start).getTime()) / DAY_MS) + 1;

/** `2026-01` → January 2026. */
export function monthPeriod(month: string): Period {
  const start = `${month}-01`;
  parseDay(start);
  return { kind: 'month', start, end: addDays(addMonths(start, 1), -1) };
}

/** The Monday on or before `day`. */
export function weekStart(day: string): string {
  const weekday = (parseDay(day).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

/** The ISO week starting on `monday`. */
export function weekPeriod(monday: string): Period {
  if (weekStart(monday) !== monday) throw new RangeError(`a week starts on a Monday: ${monday} is not one`);
  return { kind: 'week', start: monday, end: addDays(monday, 6) };
}

export function customPeriod(start: string, end: string): Period {
  if (parseDay(end) < parseDay(start)) throw new RangeError(`the range ends (${end}) before it starts (${start})`);
  return { kind: 'custom', start, end };
}

/** The period just before: the previous month, week, or a range of the same length. */
export function previousPeriod(period: Period): Period {
  switch (period.kind) {
    case 'month':
      return monthPeriod(addMonths(period.start, -1).slice(0, 7));
    case 'week':
      return weekPeriod(addDays(period.start, -7));
    case 'custom': {
      const length = daysIn(period.start, period.end);
      return customPeriod(addDays(period.start, -length), addDays(period.start, -1));
    }
  }
}

/** The same period a year earlier (for weeks: 52 weeks earlier, the same weekdays). */
export function lastYearPeriod(period: Period): Period {
  switch (period.kind) {
    case 'month':
      return monthPeriod(addMonths(period.start, -12).slice(0, 7));
    case 'week':
      return weekPeriod(addDays(period.start, -7 * WEEKS_PER_YEAR));
    case 'custom': {
      const back = (day: string) => {
        const d = parseDay(day);
        // 29 February goes to 28 February.
        const shifted = new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate()));
        return shifted.getUTCMonth() === d.getUTCMonth() ? isoDay(shifted) : addDays(isoDay(shifted), -1);
      };
      return customPeriod(back(period.start), back(period.end));
    }
  }
}

/** The ISO week number label (`2026-W02`) of a Monday. */
export function isoWeekLabel(monday: string): string {
  const thursday = parseDay(addDays(monday, 3));
  const year = thursday.getUTCFullYear();
  const firstThursday = parseDay(addDays(weekStart(`${year}-01-04`), 3));
  const week = Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodLabel(period: Period): string {
  switch (period.kind) {
    case 'month':
      return period.start.slice(0, 7);
    case 'week':
      return isoWeekLabel(period.start);
    case 'custom':
      return `${period.start} – ${period.end}`;
  }
}

/** True when the data (first..last day with any KPI row) does not cover the whole period. */
export function isPartial(period: Period, coverage: DataCoverage): boolean {
  if (coverage.firstDay === null || coverage.lastDay === null) return true;
  return period.start < coverage.firstDay || period.end > coverage.lastDay;
}

export interface DataCoverage {
  readonly firstDay: string | null;
  readonly lastDay: string | null;
}
