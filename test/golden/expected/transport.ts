/**
 * Transport (landing/tms): on-time delivery overall and by carrier, by the site-local delivery day.
 * SH1 arrives twice: first in transit (S1_2026-03-03.csv), then corrected as delivered
 * (S1_2026-03-04.csv) — the later ingest wins. SH4 (S2) is still in transit: not delivered, not counted.
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
  ratio(M, 'on_time_delivery_rate', { id: 'S1', period: '2026-03-01' }, 1, 2, 1 / 2, 'only 03-03 has deliveries: 1/2'),
  ratio(
    M,
    'on_time_delivery_rate',
    { scope: 'region', id: 'North America', period: '2026-03-01' },
    1,
    2,
    1 / 2,
    'S1 1/2 + S2 nothing delivered = 1/2',
  ),
  ratio(M, 'on_time_delivery_rate', { scope: 'region', id: 'Europe', period: '2026-03-01' }, 2, 2, 1, 'S3 2/2'),
  ratio(
    M,
    'on_time_delivery_rate',
    { scope: 'company', id: 'company', period: '2026-03-01' },
    3,
    4,
    3 / 4,
    '1 + 2 on time of 2 + 2',
  ),

  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-03', breakdown: 'UPS' }, 1, 1, 1, 'SH1 on time'),
  ratio(D, 'carrier_on_time_rate', { id: 'S1', period: '2026-03-03', breakdown: 'FEDEX' }, 0, 1, 0, 'SH2 late'),
  ratio(D, 'carrier_on_time_rate', { id: 'S3', period: '2026-03-03', breakdown: 'DHL' }, 2, 2, 1, 'SH3, SH5 on time'),
  ratio(
    M,
    'carrier_on_time_rate',
    { scope: 'company', id: 'company', period: '2026-03-01', breakdown: 'UPS' },
    1,
    1,
    1,
    'UPS: SH1 on time (SH4 at S2 undelivered)',
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
