/**
 * The action register of the fixture in ./landing, worked out by hand. Site S1, on-time delivery
 * (target 0.95, amber within 0.05: 1.0 green, 0.5 and 0 red) by local delivery month:
 *   Jan SH1 on time, SH2 late → 0.5 red · Feb SH3 on time → 1 · Mar SH4 late → 0 red ·
 *   Apr SH5 on time → 1 · May SH6 on time, SH7 late → 0.5 red.
 * The last KPI day is 31 May (SH7 delivered), so the as-of day is 1 June.
 * Actions: A1 corrective, open 10 Feb – closed 20 Mar; A2 open, due 20 May; A3 in progress, due
 * 1 July, no cost; A4 cancelled (Jan); A5 on overtime_rate, open, due 30 April. Incidents: INC1
 * (1 May) RCA open, due 15 May → an overdue corrective action; INC2 (25 May) due 8 June, not yet
 * overdue; INC3 closed. The before/after windows are 1 month (VARS).
 */
import type { Row } from '../support.js';

export const VARS = { action_impact_months: 1 };

const action = (
  action_id: string,
  kpi: string,
  status: string,
  due_on: string,
  overdue: number | null,
  impact_per_cost: number | null,
  action_source = 'register',
): Row => ({
  action_id,
  action_source,
  kpi,
  action_status: status,
  due_on,
  as_of_date: '2026-06-01',
  is_open: status === 'open' || status === 'in_progress',
  is_overdue: overdue !== null,
  days_overdue: overdue,
  impact_per_cost,
});

export const actions: Row[] = [
  action('A1', 'on_time_delivery_rate', 'closed', '2026-03-31', null, 0.05 / 1000),
  // Due 20 May, 12 days before 1 June.
  action('A2', 'on_time_delivery_rate', 'open', '2026-05-20', 12, 0.02 / 100),
  action('A3', 'on_time_delivery_rate', 'in_progress', '2026-07-01', null, null),
  action('A4', 'on_time_delivery_rate', 'cancelled', '2026-02-01', null, 0.1 / 5000),
  // Due 30 April: 1 day of April + 31 of May.
  action('A5', 'overtime_rate', 'open', '2026-04-30', 32, 0.01 / 500),
  // INC1 on 1 May + 14 days = 15 May, 17 days before 1 June; no cost.
  action('RCA-INC1', 'trir', 'open', '2026-05-15', 17, null, 'safety_rca'),
];

export const backlog: Row[] = [
  // On-time: A2 (0.0002 per unit of cost) first, A3 without a cost last.
  { action_id: 'A2', kpi: 'on_time_delivery_rate', rank_in_kpi: 1, is_overdue: true },
  { action_id: 'A3', kpi: 'on_time_delivery_rate', rank_in_kpi: 2, is_overdue: false },
  { action_id: 'A5', kpi: 'overtime_rate', rank_in_kpi: 1, is_overdue: true },
  { action_id: 'RCA-INC1', kpi: 'trir', rank_in_kpi: 1, is_overdue: true },
];

/** January is red and only the cancelled A4 was on it; March is covered by A1, May by A2 and A3. */
export const redWithoutAction: Row[] = [
  { site_id: 'S1', kpi: 'on_time_delivery_rate', month_start: '2026-01-01', kpi_value: 0.5, target_value: 0.95 },
];

/** A1: opened in February, closed in March → January (0.5) before, April (1.0) after. */
export const beforeAfter: Row[] = [
  {
    action_id: 'A1',
    window_months: 1,
    before_value: 0.5,
    before_months: 1,
    after_value: 1,
    after_months: 1,
    change: 0.5,
    is_after_complete: true,
    direction: 'higher_is_better',
  },
];
