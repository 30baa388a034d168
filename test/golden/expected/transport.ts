/**
 * Transport (landing/tms): on-time delivery overall and by carrier, by the site-local delivery day.
 * SH1 arrives twice: first in transit (S1_2026-03-03.csv), then corrected as delivered
 * (S1_2026-03-04.csv) — the later ingest wins. SH4 (S2) is still in transit: not delivered, not counted.
 *
 * Cases of issue 15 (the data's as-of time is the newest shipped/delivered time: SH6's 03-08T08:30Z):
 * - SH7 (S1) leaves 03-05T15:00Z after its promise 03-04T23:00Z — accepted, and late: delivered
 *   03-06T18:00Z = 12:00 CST on 03-06.
 * - SH8 (S1) ends in `exception`, undelivered, promised 03-05T23:00Z (17:00 CST 03-05) < as-of: late on
 *   its promised day 03-05. SH9 (S2), also an exception, is promised 04-30, after the as-of: not yet due.
 * - SH6 (S1) is delivered at zone-less `2026-03-08T02:30`, inside Chicago's spring-forward gap (02:00
 *   CST → 03:00 CDT): read with the offset before it (−6 h) that is 08:30Z = 03:30 CDT on 03-08, after
 *   the 08:15Z promise → late. (The old reading, 07:30Z, would have made it on time.)
 * - SH10 (S3) is a day before 2024: delivered 2023-12-31T12:00Z = 13:00 CET ≤ promised 16:00Z → on time.
 */
import { ratio } from './rows.js';
import type { KpiExpectation } from './types.js';

const D = 'kpi_daily';
const M = 'kpi_monthly';

export const transportExpectations: KpiExpectation[] = [
  ratio(
    D,
    'on_time_delivery_rate',
    { id: 'S1', period: '2026-03-03' },
    1,
    2,
    1 / 2,
    'SH1 20:00Z ≤ promised 23:00Z on time (corrected version); SH2 delivered 2026-03-04T01:00Z = 03-03 19:00 CST, after 23:00Z → late: 1/2',
  ),
  ratio(
    D,
    'on_time_delivery_rate',
    { id: 'S3', period: '2026-03-03' },
    2,
    2,
    1,
    'SH3 17:00Z = promised 17:00Z counts as on time; SH5 10:00Z ≤ 17:00Z: 2/2',
  ),
  ratio(
    D,
    'on_time_delivery_rate',
    { scope: 'company', id: 'company', period: '2026-03-03' },
    3,
    4,
    3 / 4,
    'S1 1/2 + S3 2/2 = 3/4 (not the mean of 0.5 and 1)',
  ),
  ratio(
    D,
    'on_time_delivery_rate',
    { id: 'S1', period: '2026-03-05' },
    0,
    1,
    0,
    'SH8 exception past its promise: late',
  ),
  ratio(D, 'on_time_delivery_rate', { id: 'S1', period: '2026-03-06' }, 0, 1, 0, 'SH7 shipped after its promise: late'),
  ratio(D, 'on_time_delivery_rate', { id: 'S1', period: '2026-03-08' }, 0, 1, 0, 'SH6 08:30Z > 08:15Z (DST gap): late'),
  ratio(D, 'on_time_delivery_rate', { id: 'S3', period: '2023-12-31' }, 1, 1, 1, 'SH10 12:00Z ≤ 16:00Z'),
  ratio(
    M,
    'on_time_delivery_rate',
    { id: 'S1', period: '2026-03-01' },
    1,
    5,
    1 / 5,
    '03-03 1/2 + 03-05 0/1 + 03-06 0/1 + 03-08 0/1 = 1/5',
  ),
  ratio(M, 'on_time_delivery_rate', { id: 'S3', period: '2023-12-01' }, 1, 1, 1, 'SH10 on time'),
  ratio(
    M,
    'on_time_delivery_rate',
    { scope: 'company', id: 'company', period: '2023-12-01' },
    1,
    1,
    1,
    'only SH10 in December 2023',
  ),
  ratio(
    M,
    'on_time_delivery_rate',
    { scope: 'region', id: 'North America', period: '2026-03-01' },
    1,
    5,
    1 / 5,
    'S1 1/5 + S2 nothing due (SH4 in transit, SH9 promised after the as-of) = 1/5',
  ),
  ratio(M, 'on_time_delivery_rate', { scope: 'region', id: 'Europe', period: '2026-03-01' }, 2, 2, 1, 'S3 2/2'),
  ratio(
    M,
    'on_time_delivery_rate',
    { scope: 'company', id: 'company', period: '2026-03-01' },
    3,
    7,
    3 / 7,
    'S1 1 of 5 + S3 2 of 2 = 3/7',
  ),

  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-03', breakdown: 'UPS' }, 1, 1, 1, 'SH1 on time'),
  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-03', breakdown: 'FEDEX' }, 0, 1, 0, 'SH2 late'),
  ratio(D, 'carrier_on_time_rate', { id: 'S3', period: '2026-03-03', breakdown: 'DHL' }, 2, 2, 1, 'SH3, SH5 on time'),
  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-05', breakdown: 'UPS' }, 0, 1, 0, 'SH8 exception'),
  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-06', breakdown: 'FEDEX' }, 0, 1, 0, 'SH7 late'),
  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-08', breakdown: 'UPS' }, 0, 1, 0, 'SH6 late'),
  ratio(D, 'carrier_on_time_rate', { id: 'S3', period: '2023-12-31', breakdown: 'DHL' }, 1, 1, 1, 'SH10 on time'),
  ratio(
    M,
    'carrier_on_time_rate',
    { scope: 'company', id: 'company', period: '2026-03-01', breakdown: 'UPS' },
    1,
    3,
    1 / 3,
    'UPS: SH1 on time, SH8 and SH6 late (SH4 at S2 undelivered, SH9 not yet due)',
  ),
  ratio(
    M,
    'carrier_on_time_rate',
    { scope: 'region', id: 'Europe', period: '2026-03-01', breakdown: 'DHL' },
    2,
    2,
    1,
    'DHL in Europe: 2/2',
  ),
];
