/**
 * Which month a report covers: the one asked for (`YYYY-MM`), or the latest month whose last day
 * has data — a month the data ends inside would put a partial month next to whole ones.
 */
import { type QueryEngine, queryObjects } from '../query/engine.js';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(text: string): string {
  if (!MONTH_PATTERN.test(text)) throw new Error(`--month must be YYYY-MM (such as 2025-11), got "${text}"`);
  return text;
}

/** `2025-03` → `2025-02`; `2025-01` → `2024-12`. */
export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1 + by, 1)).toISOString().slice(0, 7);
}

export const lastDayOf = (month: string): string =>
  new Date(Date.UTC(...(month.split('-').map(Number) as [number, number]), 0)).toISOString().slice(0, 10);

/** The latest month the data covers to its last day; null when there is no KPI data at all. */
export async function latestCompleteMonth(engine: QueryEngine): Promise<string | null> {
  const [bounds] = await queryObjects<{ first_day: string | null; last_day: string | null }>(
    engine,
    'select min(kpi_date) as first_day, max(kpi_date) as last_day from kpi_daily',
  );
  if (!bounds?.first_day || !bounds.last_day) return null;
  const lastMonth = bounds.last_day.slice(0, 7);
  if (lastDayOf(lastMonth) === bounds.last_day) return lastMonth;
  const previous = shiftMonth(lastMonth, -1);
  // Less than one whole month of data: report the month it has, marked partial.
  return `${previous}-01` < bounds.first_day ? lastMonth : previous;
}
