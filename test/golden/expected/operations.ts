/**
 * Inbound, inventory and workforce (landing/wms/receipts, inventory_counts, wfm/timecards,
 * employees, safety_incidents; units picked from wms/order_events). Hours by timecard work date,
 * events by their site-local day.
 *   S1 timecards 03-02: T1 direct 8 sched / 10 worked / 2 OT, T2 direct 8/8/0, T3 indirect
 *      unscheduled 0/3/0 → worked 21, OT 2, direct 18, scheduled shifts 18 worked of 16 scheduled.
 *   S1 03-03: T4 direct 8/6/0.  S3 03-02: T5 direct 7.5/7.5/0, T6 indirect 7.5/9/1.5.  S2 03-03: T7 direct 8/8/0.
 *   Units picked: S1 03-02 E1 10 + E4 4 + E6 5 = 19; S3 03-02 E8 3 + E10 5 + E11 2 = 10; S2 03-03 E14 8.
 *   History for the rolling TRIR: S1 T8 2025-03-14 direct 8/8/0 and T9 2025-06-10 direct 8/8/0 (W1),
 *   I3 recordable on 2025-06-10 (09:00 CDT). Nothing picked on those days.
 */
import { distribution, ratio, total } from './rows.js';
import type { KpiExpectation } from './types.js';

const D = 'kpi_daily';
const M = 'kpi_monthly';
const company = { scope: 'company' as const, id: 'company' };
const na = { scope: 'region' as const, id: 'North America' };

export const operationsExpectations: KpiExpectation[] = [
  // dock_to_stock_h: arrival → put-away hours, by local put-away day (R3 still pending: none)
  distribution(D, 'dock_to_stock_h', { id: 'S1', period: '2026-03-02' }, 4, 1, 4, 4, 'R1 06:00 → 10:00'),
  distribution(
    D,
    'dock_to_stock_h',
    { id: 'S1', period: '2026-03-03' },
    12,
    1,
    12,
    12,
    'R2 18:00 → 06:00 next local day',
  ),
  distribution(
    D,
    'dock_to_stock_h',
    { id: 'S3', period: '2026-03-02' },
    2.5,
    1,
    2.5,
    2.5,
    'R4 zone-less 07:00 → 09:30, both read in Berlin',
  ),
  distribution(
    D,
    'dock_to_stock_h',
    { ...company, period: '2026-03-02' },
    6.5,
    2,
    3.25,
    3.85,
    '{2.5, 4}: median 3.25; p90 = 2.5 + 0.9 × 1.5 = 3.85',
  ),
  distribution(
    M,
    'dock_to_stock_h',
    { id: 'S1', period: '2026-03-01' },
    16,
    2,
    8,
    11.2,
    '{4, 12}: median 8; p90 = 4 + 0.9 × 8',
  ),
  distribution(
    M,
    'dock_to_stock_h',
    { ...company, period: '2026-03-01' },
    18.5,
    3,
    4,
    10.4,
    '{2.5, 4, 12}: median 4; p90 at 1.8 → 4 + 0.8 × 8 = 10.4',
  ),

  // inventory_record_accuracy (tolerance 0) and shrinkage_rate, by local count day
  ratio(D, 'inventory_record_accuracy', { id: 'S1', period: '2026-03-02' }, 1, 3, 1 / 3, 'CC1 exact; CC2 −3; CC3 +1'),
  ratio(D, 'inventory_record_accuracy', { id: 'S3', period: '2026-03-03' }, 1, 2, 1 / 2, 'CC4 exact; CC5 +2'),
  ratio(M, 'inventory_record_accuracy', { ...company, period: '2026-03-01' }, 2, 5, 2 / 5, '1 + 1 of 3 + 2'),
  ratio(
    D,
    'shrinkage_rate',
    { id: 'S1', period: '2026-03-02' },
    6,
    638,
    6 / 638,
    "SKU level: SKU-B lost 3 × 2.00 = 6.00; SKU-C's gain of 1 × 4.00 does not offset it (netted it would be 2.00); counted value 100 × 5 + 47 × 2 + 11 × 4 = 638",
  ),
  ratio(
    D,
    'shrinkage_rate',
    { id: 'S3', period: '2026-03-03' },
    0,
    250,
    0,
    'net variance +2 × 5.00 = +10 (a gain, no shrinkage); counted 40 × 3.50 + 22 × 5 = 250',
  ),
  ratio(M, 'shrinkage_rate', { ...company, period: '2026-03-01' }, 6, 888, 6 / 888, 'losses 6 + 0 over 638 + 250'),

  // overtime_rate
  ratio(D, 'overtime_rate', { id: 'S1', period: '2026-03-02' }, 2, 21, 2 / 21, 'T1 2 OT of 10 + 8 + 3 worked'),
  ratio(D, 'overtime_rate', { id: 'S1', period: '2026-03-03' }, 0, 6, 0, 'T4'),
  ratio(D, 'overtime_rate', { id: 'S3', period: '2026-03-02' }, 1.5, 16.5, 1.5 / 16.5, 'T6 1.5 of 7.5 + 9'),
  ratio(D, 'overtime_rate', { id: 'S2', period: '2026-03-03' }, 0, 8, 0, 'T7'),
  ratio(D, 'overtime_rate', { id: 'S1', period: '2025-03-14' }, 0, 8, 0, 'T8'),
  ratio(D, 'overtime_rate', { id: 'S1', period: '2025-06-10' }, 0, 8, 0, 'T9'),
  ratio(M, 'overtime_rate', { id: 'S1', period: '2026-03-01' }, 2, 27, 2 / 27, '2 of 21 + 6'),
  ratio(M, 'overtime_rate', { ...na, period: '2026-03-01' }, 2, 35, 2 / 35, 'S1 2/27 + S2 0/8'),
  ratio(M, 'overtime_rate', { ...company, period: '2026-03-01' }, 3.5, 51.5, 3.5 / 51.5, '2 + 1.5 of 27 + 16.5 + 8'),

  // schedule_adherence: time worked as scheduled (least(worked, scheduled) per timecard) ÷ scheduled
  ratio(
    D,
    'schedule_adherence',
    { id: 'S1', period: '2026-03-02' },
    16,
    16,
    1,
    'T1 worked 10 of 8 counts 8 (its 2 h overtime are not adherence) + T2 8 of 8; T3 unscheduled left out: 16/16',
  ),
  ratio(D, 'schedule_adherence', { id: 'S1', period: '2026-03-03' }, 6, 8, 6 / 8, 'T4 6 of 8'),
  ratio(D, 'schedule_adherence', { id: 'S3', period: '2026-03-02' }, 15, 15, 1, 'T5 7.5 + T6 min(9, 7.5) of 7.5 + 7.5'),
  ratio(D, 'schedule_adherence', { id: 'S2', period: '2026-03-03' }, 8, 8, 1, 'T7'),
  ratio(D, 'schedule_adherence', { id: 'S1', period: '2025-03-14' }, 8, 8, 1, 'T8'),
  ratio(D, 'schedule_adherence', { id: 'S1', period: '2025-06-10' }, 8, 8, 1, 'T9'),
  ratio(
    M,
    'schedule_adherence',
    { id: 'S1', period: '2026-03-01' },
    22,
    24,
    22 / 24,
    "16 + 6 of 16 + 8: T1's overtime cannot make up T4's short shift (attainment would be 24/24)",
    'amber',
  ),
  ratio(
    M,
    'schedule_adherence',
    { ...company, period: '2026-03-01' },
    45,
    47,
    45 / 47,
    '16 + 6 + 15 + 8 of 16 + 8 + 15 + 8',
  ),

  // schedule_attainment: worked ÷ scheduled on scheduled shifts (overtime lifts it above 1)
  ratio(D, 'schedule_attainment', { id: 'S1', period: '2026-03-02' }, 18, 16, 18 / 16, 'T1 10 + T2 8 of 8 + 8'),
  ratio(D, 'schedule_attainment', { id: 'S1', period: '2026-03-03' }, 6, 8, 6 / 8, 'T4 6 of 8'),
  ratio(D, 'schedule_attainment', { id: 'S3', period: '2026-03-02' }, 16.5, 15, 16.5 / 15, '7.5 + 9 of 7.5 + 7.5'),
  ratio(D, 'schedule_attainment', { id: 'S2', period: '2026-03-03' }, 8, 8, 1, 'T7'),
  ratio(D, 'schedule_attainment', { id: 'S1', period: '2025-03-14' }, 8, 8, 1, 'T8'),
  ratio(D, 'schedule_attainment', { id: 'S1', period: '2025-06-10' }, 8, 8, 1, 'T9'),
  ratio(
    M,
    'schedule_attainment',
    { ...company, period: '2026-03-01' },
    48.5,
    47,
    48.5 / 47,
    '18 + 6 + 16.5 + 8 of 16 + 8 + 15 + 8',
  ),

  // units_per_labor_hour: units picked ÷ direct hours
  ratio(D, 'units_per_labor_hour', { id: 'S1', period: '2026-03-02' }, 19, 18, 19 / 18, '19 picked / direct 10 + 8'),
  ratio(D, 'units_per_labor_hour', { id: 'S1', period: '2026-03-03' }, 0, 6, 0, 'nothing picked / T4 6'),
  ratio(
    D,
    'units_per_labor_hour',
    { id: 'S3', period: '2026-03-02' },
    10,
    7.5,
    10 / 7.5,
    '10 picked / T5 7.5 (T6 indirect)',
  ),
  ratio(D, 'units_per_labor_hour', { id: 'S2', period: '2026-03-03' }, 8, 8, 1, '8 picked / T7 8'),
  ratio(D, 'units_per_labor_hour', { id: 'S1', period: '2025-03-14' }, 0, 8, 0, 'nothing picked / T8 8'),
  ratio(D, 'units_per_labor_hour', { id: 'S1', period: '2025-06-10' }, 0, 8, 0, 'nothing picked / T9 8'),
  ratio(D, 'units_per_labor_hour', { ...company, period: '2026-03-03' }, 8, 14, 8 / 14, 'S1 0/6 + S2 8/8'),
  ratio(
    M,
    'units_per_labor_hour',
    { ...company, period: '2026-03-01' },
    37,
    39.5,
    37 / 39.5,
    '19 + 10 + 8 over 18 + 6 + 7.5 + 8',
  ),

  // recordable_incidents: OSHA-recordable incidents by local day
  total(
    D,
    'recordable_incidents',
    { id: 'S1', period: '2026-03-02' },
    1,
    'I1 recordable at 22:30 local (03-03 in UTC) → 03-02; I2 near miss not recordable',
  ),
  total(D, 'recordable_incidents', { id: 'S1', period: '2025-06-10' }, 1, 'I3'),
  total(M, 'recordable_incidents', { ...company, period: '2026-03-01' }, 1, 'I1 only'),

  // trir (monthly): recordables × 200,000 ÷ hours, both over the 12 months ending with the month
  ratio(M, 'trir', { id: 'S1', period: '2025-03-01' }, 0, 8, 0, 'Apr 2024–Mar 2025: T8 8 h, no incident'),
  ratio(
    M,
    'trir',
    { id: 'S1', period: '2025-06-01' },
    1,
    16,
    200000 / 16,
    'Jul 2024–Jun 2025: I3; T8 8 + T9 8 h → 200,000 / 16 = 12,500',
  ),
  ratio(
    M,
    'trir',
    { id: 'S1', period: '2026-03-01' },
    2,
    35,
    (2 * 200000) / 35,
    'Apr 2025–Mar 2026: I3 + I1; T9 8 + March 21 + 6 = 35 h (T8 in March 2025 is outside) → 400,000 / 35 ≈ 11,428.6, red against 2',
    'red',
  ),
  ratio(M, 'trir', { id: 'S3', period: '2026-03-01' }, 0, 16.5, 0, 'no incident in 16.5 h', 'green'),
  ratio(M, 'trir', { id: 'S2', period: '2026-03-01' }, 0, 8, 0, 'no incident in 8 h'),
  ratio(
    M,
    'trir',
    { ...company, period: '2026-03-01' },
    2,
    59.5,
    (2 * 200000) / 59.5,
    "sites' 12-month parts added: 2 incidents over 35 + 8 + 16.5 h",
  ),

  // turnover_rate (monthly): terminations ÷ ((headcount on the 1st + on the 31st) ÷ 2)
  ratio(
    M,
    'turnover_rate',
    { id: 'S1', period: '2026-03-01' },
    1,
    3,
    1 / 3,
    'start W1 W2 W6 = 3 (W7 hired 03-16); end W1 W2 W7 = 3 (W6 left 03-03); 1 termination / 3',
  ),
  ratio(M, 'turnover_rate', { id: 'S2', period: '2026-03-01' }, 0, 1, 0, 'W5 all month'),
  ratio(M, 'turnover_rate', { id: 'S1', period: '2025-03-01' }, 0, 2, 0, 'W1 (hired 2024-05) and W6 (2023) all month'),
  ratio(M, 'turnover_rate', { id: 'S1', period: '2025-06-01' }, 0, 2, 0, 'W1 and W6 all month'),
  ratio(
    M,
    'turnover_rate',
    { id: 'S3', period: '2026-03-01' },
    1,
    2,
    1 / 2,
    'W3, W4 at start; W4 last day 03-31 still employed at the end → 2; W4 terminates in March',
  ),
  ratio(M, 'turnover_rate', { ...na, period: '2026-03-01' }, 1, 4, 1 / 4, '(1 + 0) / (3 + 1)'),
  ratio(M, 'turnover_rate', { ...company, period: '2026-03-01' }, 2, 6, 2 / 6, '(1 + 0 + 1) / (3 + 1 + 2)'),
];
