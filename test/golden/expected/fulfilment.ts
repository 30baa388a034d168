/**
 * Fulfilment, quality and returns (landing/erp/sales_orders, sales_order_lines, wms/order_events,
 * quality_checks, returns). The orders, worked once here and used below:
 *   O1 S1 created 03-02 14:00Z, lines 10 + 4 shipped in full; last ship E5 2026-03-02T23:30-06:00
 *      (= 03-03 05:30Z, still 03-02 in Chicago) → complete 03-02, cycle 15.5 h; SH1 on time;
 *      QC1 no defect; no return → OTIF and perfect. Due (promised local day) 03-03.
 *   O2 S1 created 03-02 15:00Z, 6 ordered, 5 shipped (E7 03-03 15:00Z) → complete 03-03 (every
 *      line has a ship event), cycle 24 h; not in full; SH2 late → not OTIF. Due 03-03.
 *   O3 S1 cancelled → never due, no cycle.
 *   O4 S3 created 03-02 08:00Z; last ship E13 2026-03-03T00:30+01:00 (= 03-02 23:30Z, already 03-03
 *      in Berlin) → complete 03-03, cycle 15.5 h; in full; SH3 on time → OTIF; QC3 2 defective
 *      → not perfect. Due 03-03.
 *   O6 S3 created 03-02 09:00Z, shipped E12 14:00Z → complete 03-02, cycle 5 h; OTIF; RT3 returned
 *      within 30 days → not perfect. Due 03-03.
 *   O5 S2 created zone-less 2026-03-02T08:00 read in New York = 13:00Z; shipped E15 03-03 20:00Z →
 *      complete 03-03, cycle 31 h; in full; SH4 in transit → not OTIF. Due 2026-03-04 (12:00 EST).
 */
import { distribution, ratio, total } from './rows.js';
import type { KpiExpectation } from './types.js';

const D = 'kpi_daily';
const M = 'kpi_monthly';
const company = { scope: 'company' as const, id: 'company' };
const na = { scope: 'region' as const, id: 'North America' };
const eu = { scope: 'region' as const, id: 'Europe' };

export const fulfilmentExpectations: KpiExpectation[] = [
  // units_shipped: shipped events by local day
  total(D, 'units_shipped', { id: 'S1', period: '2026-03-02' }, 14, 'E3 10 + E5 4 (23:30 local, next day in UTC)'),
  total(D, 'units_shipped', { id: 'S1', period: '2026-03-03' }, 5, 'E7 5'),
  total(D, 'units_shipped', { id: 'S3', period: '2026-03-02' }, 5, 'E9 3 + E12 2'),
  total(D, 'units_shipped', { id: 'S3', period: '2026-03-03' }, 5, 'E13 5 (00:30 local, previous day in UTC)'),
  total(D, 'units_shipped', { id: 'S2', period: '2026-03-03' }, 8, 'E15 8'),
  total(M, 'units_shipped', { id: 'S1', period: '2026-03-01' }, 19, '14 + 5'),
  total(M, 'units_shipped', { ...na, period: '2026-03-01' }, 27, 'S1 19 + S2 8'),
  total(M, 'units_shipped', { ...company, period: '2026-03-01' }, 37, '19 + 8 + 10'),

  // otif_rate: orders due by promised local day
  ratio(
    D,
    'otif_rate',
    { id: 'S1', period: '2026-03-03' },
    1,
    2,
    1 / 2,
    'O1 OTIF, O2 short and late; O3 cancelled not due',
  ),
  ratio(D, 'otif_rate', { id: 'S3', period: '2026-03-03' }, 2, 2, 1, 'O4, O6 OTIF'),
  ratio(D, 'otif_rate', { id: 'S2', period: '2026-03-04' }, 0, 1, 0, 'O5 not delivered'),
  ratio(M, 'otif_rate', { ...na, period: '2026-03-01' }, 1, 3, 1 / 3, 'S1 1/2 + S2 0/1'),
  ratio(M, 'otif_rate', { ...company, period: '2026-03-01' }, 3, 5, 3 / 5, '1 + 2 + 0 of 2 + 2 + 1'),

  // perfect_order_rate
  ratio(D, 'perfect_order_rate', { id: 'S1', period: '2026-03-03' }, 1, 2, 1 / 2, 'O1 perfect; O2 not OTIF'),
  ratio(D, 'perfect_order_rate', { id: 'S3', period: '2026-03-03' }, 0, 2, 0, 'O4 defect (QC3), O6 returned (RT3)'),
  ratio(D, 'perfect_order_rate', { id: 'S2', period: '2026-03-04' }, 0, 1, 0, 'O5 not OTIF'),
  ratio(M, 'perfect_order_rate', { ...eu, period: '2026-03-01' }, 0, 2, 0, 'S3 0/2'),
  ratio(M, 'perfect_order_rate', { ...company, period: '2026-03-01' }, 1, 5, 1 / 5, 'only O1 of 5 due'),

  // line_fill_rate: lines of due orders by promised local day
  {
    ...ratio(
      D,
      'line_fill_rate',
      { id: 'S1', period: '2026-03-03' },
      2,
      3,
      2 / 3,
      'O1 L1 10/10, O1 L2 4/4, O2 L1 5/6 short: 0.66667, shown as 66.7 % against the S1 kpi_targets 0.667 (amber 0.05): judged as shown (round to 3 decimals = 0.667) → green, never "66.7 % !"',
      'green',
    ),
    target: 0.667,
  },
  {
    ...ratio(
      D,
      'line_fill_rate',
      { ...company, period: '2026-03-03' },
      5,
      6,
      5 / 6,
      'S1 2/3 + S3 3/3; target (0.667 × 3 + S3 default 0.98 × 3) / 6 = 0.8235 → green',
      'green',
    ),
    target: (0.667 * 3 + 0.98 * 3) / 6,
  },
  ratio(D, 'line_fill_rate', { id: 'S3', period: '2026-03-03' }, 3, 3, 1, 'O4 L1 3/3, O4 L2 5/5, O6 L1 2/2'),
  ratio(D, 'line_fill_rate', { id: 'S2', period: '2026-03-04' }, 1, 1, 1, 'O5 L1 8/8'),
  {
    ...ratio(
      M,
      'line_fill_rate',
      { ...company, period: '2026-03-01' },
      6,
      7,
      6 / 7,
      '2 + 3 + 1 of 3 + 3 + 1; target (0.667 × 3 + 0.98 × 1 + 0.98 × 3) / 7 ≈ 0.8459',
      'green',
    ),
    target: (0.667 * 3 + 0.98 + 0.98 * 3) / 7,
  },

  // order_to_ship_h: median (p90) of completed orders' hours by local completion day
  distribution(D, 'order_to_ship_h', { id: 'S1', period: '2026-03-02' }, 15.5, 1, 15.5, 15.5, 'O1 15.5 h'),
  distribution(D, 'order_to_ship_h', { id: 'S1', period: '2026-03-03' }, 24, 1, 24, 24, 'O2 24 h'),
  distribution(D, 'order_to_ship_h', { id: 'S3', period: '2026-03-02' }, 5, 1, 5, 5, 'O6 5 h'),
  distribution(D, 'order_to_ship_h', { id: 'S3', period: '2026-03-03' }, 15.5, 1, 15.5, 15.5, 'O4 15.5 h'),
  distribution(D, 'order_to_ship_h', { id: 'S2', period: '2026-03-03' }, 31, 1, 31, 31, 'O5 31 h'),
  distribution(
    D,
    'order_to_ship_h',
    { ...company, period: '2026-03-03' },
    70.5,
    3,
    24,
    29.6,
    '{15.5, 24, 31}: median 24; p90 at position 0.9 × 2 = 1.8 → 24 + 0.8 × 7 = 29.6',
  ),
  distribution(
    M,
    'order_to_ship_h',
    { id: 'S1', period: '2026-03-01' },
    39.5,
    2,
    19.75,
    23.15,
    '{15.5, 24}: median 19.75; p90 = 15.5 + 0.9 × 8.5 = 23.15 (from the orders, not from daily medians)',
  ),
  distribution(M, 'order_to_ship_h', { ...na, period: '2026-03-01' }, 70.5, 3, 24, 29.6, '{15.5, 24, 31}'),

  // order_to_delivery_h: creation → proof of delivery of the last shipment, orders all delivered,
  // by the local delivery day. O1 14:00Z → SH1 03-03 20:00Z = 30 h; O2 15:00Z → SH2 03-04 01:00Z
  // = 34 h (19:00 CST on 03-03); O4 08:00Z → SH3 03-03 17:00Z = 33 h; O6 09:00Z → SH5 03-03 10:00Z
  // = 25 h. O5 (SH4 in transit) is not delivered yet.
  distribution(
    D,
    'order_to_delivery_h',
    { id: 'S1', period: '2026-03-03' },
    64,
    2,
    32,
    33.6,
    '{30, 34}: median 32; p90 30 + 0.9 × 4',
  ),
  distribution(
    D,
    'order_to_delivery_h',
    { id: 'S3', period: '2026-03-03' },
    58,
    2,
    29,
    32.2,
    '{25, 33}: median 29; p90 25 + 0.9 × 8',
  ),
  distribution(
    M,
    'order_to_delivery_h',
    { ...company, period: '2026-03-01' },
    122,
    4,
    31.5,
    33.7,
    '{25, 30, 33, 34}: median 31.5; p90 at rank 0.9 × 3 = 2.7 → 33 + 0.7 × 1',
  ),
  distribution(
    M,
    'order_to_ship_h',
    { ...company, period: '2026-03-01' },
    91,
    5,
    15.5,
    28.2,
    '{5, 15.5, 15.5, 24, 31}: median 15.5; p90 at 0.9 × 4 = 3.6 → 24 + 0.6 × 7 = 28.2',
  ),

  // defect_rate and first_time_right_rate: quality checks by local check day
  ratio(D, 'defect_rate', { id: 'S1', period: '2026-03-02' }, 1, 34, 1 / 34, 'QC1 0/14 + QC2 1/20'),
  ratio(D, 'defect_rate', { id: 'S3', period: '2026-03-02' }, 2, 8, 2 / 8, 'QC3 2/8'),
  ratio(D, 'defect_rate', { id: 'S3', period: '2026-03-03' }, 0, 10, 0, 'QC4 at 00:15 local (03-02 23:15Z): 0/10'),
  ratio(M, 'defect_rate', { ...company, period: '2026-03-01' }, 3, 52, 3 / 52, '1 + 2 + 0 of 34 + 8 + 10'),
  ratio(M, 'defect_rate', { ...eu, period: '2026-03-01' }, 2, 18, 2 / 18, 'S3 2/8 + 0/10'),
  ratio(D, 'first_time_right_rate', { id: 'S1', period: '2026-03-02' }, 1, 2, 1 / 2, 'QC1 passed, QC2 not'),
  ratio(D, 'first_time_right_rate', { id: 'S3', period: '2026-03-02' }, 0, 1, 0, 'QC3 not'),
  ratio(D, 'first_time_right_rate', { id: 'S3', period: '2026-03-03' }, 1, 1, 1, 'QC4 passed'),
  ratio(M, 'first_time_right_rate', { ...company, period: '2026-03-01' }, 2, 4, 1 / 2, '2 of 4 checks'),

  // return_rate: units returned by local received day ÷ units shipped by local ship day
  ratio(D, 'return_rate', { id: 'S1', period: '2026-03-02' }, 0, 14, 0, 'no return; 14 shipped'),
  ratio(D, 'return_rate', { id: 'S1', period: '2026-03-03' }, 0, 5, 0, 'no return; 5 shipped'),
  ratio(
    D,
    'return_rate',
    { id: 'S1', period: '2026-03-04' },
    3,
    0,
    null,
    'RT1 2 + RT4 1 (pending disposition still counts) received; nothing shipped → no value, parts kept',
  ),
  ratio(D, 'return_rate', { id: 'S3', period: '2026-03-02' }, 0, 5, 0, '5 shipped'),
  ratio(D, 'return_rate', { id: 'S3', period: '2026-03-03' }, 1, 5, 1 / 5, 'RT2 1 received; E13 5 shipped'),
  ratio(D, 'return_rate', { id: 'S3', period: '2026-03-04' }, 1, 0, null, 'RT3 1 received, nothing shipped'),
  ratio(D, 'return_rate', { id: 'S2', period: '2026-03-03' }, 0, 8, 0, '8 shipped'),
  ratio(M, 'return_rate', { id: 'S1', period: '2026-03-01' }, 3, 19, 3 / 19, '3 returned of 14 + 5 shipped'),
  ratio(M, 'return_rate', { ...company, period: '2026-03-01' }, 5, 37, 5 / 37, '3 + 2 returned of 19 + 10 + 8'),

  // returns_cycle_time_h: hours received → dispositioned, by local disposition day
  distribution(
    D,
    'returns_cycle_time_h',
    { id: 'S1', period: '2026-03-04' },
    6,
    1,
    6,
    6,
    'RT1 10:00 → 16:00 (RT4 pending: none)',
  ),
  distribution(D, 'returns_cycle_time_h', { id: 'S3', period: '2026-03-04' }, 12, 1, 12, 12, 'RT3 09:00 → 21:00'),
  distribution(
    D,
    'returns_cycle_time_h',
    { id: 'S3', period: '2026-03-05' },
    48,
    1,
    48,
    48,
    'RT2 03-03 09:00 → 03-05 09:00',
  ),
  distribution(
    M,
    'returns_cycle_time_h',
    { id: 'S3', period: '2026-03-01' },
    60,
    2,
    30,
    44.4,
    '{12, 48}: median 30; p90 = 12 + 0.9 × 36 = 44.4',
  ),
  distribution(
    M,
    'returns_cycle_time_h',
    { ...company, period: '2026-03-01' },
    66,
    3,
    12,
    40.8,
    '{6, 12, 48}: median 12; p90 at 1.8 → 12 + 0.8 × 36 = 40.8',
  ),
];
