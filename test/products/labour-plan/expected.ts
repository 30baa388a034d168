/**
 * The labour plan of the fixture in ./landing, worked out by hand, with the fixture's short windows
 * (VARS): a 14-day weekday profile, a 7-day level, a 14-day horizon.
 *
 * History, S1, Mon 2 Feb – Sun 1 Mar 2026 (28 days). Units picked on weekdays only; an indirect
 * timecard every day, so the last day with data is Sun 1 Mar and the as-of day is Mon 2 Mar.
 *   weeks of 2 and 9 Feb:   Mon 120, Tue–Thu 100, Fri 80 = 500 a week; direct hours 12, 10, 10, 10, 8
 *   weeks of 16 and 23 Feb: each × 1.1 → 132, 110, 110, 110, 88 = 550; hours 13.2, 11, 11, 11, 8.8 = 55
 *
 * Backtest (origin 2 Mar − 14 = 16 Feb; it needs 14 days before it: 2–15 Feb, there):
 *   level = 1000 / 14 per day; Monday index = 120 / (1000 / 14) … → forecast = the old week exactly
 *   (120, 100, 100, 100, 80, 0, 0), actual = 1.1 × that, so every weekday's error is 0.1 / 1.1 = 1/11;
 *   weekends picked nothing and are not scored. MAPE = 1/11, bias = (1000 − 1100) / 1100 = −1/11.
 *
 * Plan (origin 2 Mar; profile 16 Feb – 1 Mar, level 23 Feb – 1 Mar = 550 / 7):
 *   forecast = 1.1 × the old week = 132, 110, 110, 110, 88, 0, 0 for both weeks (2–8 and 9–15 Mar);
 *   units per direct hour = 550 / 55 = 10 → required hours 13.2, 11, 11, 11, 8.8, 0, 0 (55 a week).
 *   Scheduled direct (the indirect shifts do not count; SS5 is an open shift, still direct hours):
 *   Mon 8, Tue 8, Wed 8 + 8, Thu 8, Fri 8; Sat and Sun have only indirect shifts → 0, still covered
 *   (the schedule runs to Sun 8 Mar). Week of 9 Mar: not scheduled yet.
 */
import type { Row } from '../support.js';

export const VARS = { labour_plan_history_days: 14, labour_plan_level_days: 7, labour_plan_horizon_days: 14 };

const day = (date: string, forecast: number, required: number, scheduled: number | null): Row => ({
  date_day: date,
  week_start: date < '2026-03-09' ? '2026-03-02' : '2026-03-09',
  as_of_date: '2026-03-02',
  forecast_units: forecast,
  units_per_direct_hour: 10,
  required_direct_hours: required,
  scheduled_direct_hours: scheduled,
  staffing_gap_hours: scheduled === null ? null : Math.round((scheduled - required) * 100) / 100,
});

export const planDaily: Row[] = [
  day('2026-03-02', 132, 13.2, 8),
  day('2026-03-03', 110, 11, 8),
  day('2026-03-04', 110, 11, 16),
  day('2026-03-05', 110, 11, 8),
  day('2026-03-06', 88, 8.8, 8),
  day('2026-03-07', 0, 0, 0),
  day('2026-03-08', 0, 0, 0),
  day('2026-03-09', 132, 13.2, null),
  day('2026-03-10', 110, 11, null),
  day('2026-03-11', 110, 11, null),
  day('2026-03-12', 110, 11, null),
  day('2026-03-13', 88, 8.8, null),
  day('2026-03-14', 0, 0, null),
  day('2026-03-15', 0, 0, null),
];

export const planWeekly: Row[] = [
  // 48 scheduled − 55 required: seven direct hours short.
  {
    week_start: '2026-03-02',
    days_in_plan: 7,
    forecast_units: 550,
    required_direct_hours: 55,
    is_fully_scheduled: true,
    scheduled_direct_hours: 48,
    staffing_gap_hours: -7,
  },
  {
    week_start: '2026-03-09',
    days_in_plan: 7,
    forecast_units: 550,
    required_direct_hours: 55,
    is_fully_scheduled: false,
    scheduled_direct_hours: null,
    staffing_gap_hours: null,
  },
];

const OLD_WEEK = [120, 100, 100, 100, 80, 0, 0];

export const backtestDaily: Row[] = Array.from({ length: 14 }, (_, i) => {
  const date = new Date(Date.UTC(2026, 1, 16 + i)).toISOString().slice(0, 10);
  const forecast = OLD_WEEK[i % 7] as number;
  const actual = (forecast * 11) / 10;
  return {
    date_day: date,
    origin_date: '2026-02-16',
    actual_units: actual,
    forecast_units: forecast,
    absolute_pct_error: actual > 0 ? 1 / 11 : null,
  };
});

export const backtest: Row[] = [
  { origin_date: '2026-02-16', last_day: '2026-03-01', days: 14, days_scored: 10, mape: 1 / 11, bias_pct: -1 / 11 },
];
