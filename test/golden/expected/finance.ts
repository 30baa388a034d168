/**
 * Finance and service (landing/erp/gl_costs, budgets, vendor_invoices, customer_feedback;
 * reference/kpi_targets, fx_rates). March 2026. S1 and S2 book in USD, S3 (Duisburg) in EUR; the
 * reporting currency is USD (dbt var reporting_currency). reference/fx_rates holds EUR→USD 1.085
 * for March (and 1.07 for February, which must not be used), and USD→EUR (unused: USD is reporting).
 * Each S3 amount is translated at 1.085 and rounded to the cent (half away from zero):
 *   S1 GL: labour 500 + 40, transport 32, facilities 100, vendor_3pl −10 (a credit) = 662.
 *      Budget: labour 500, transport 40, facilities 100, other 20 = 660.
 *   S3 GL (EUR): labour 300 → 325.50 USD, transport 24 → 26.04 USD; 324 EUR = 351.54 USD.
 *      Budget (EUR, same rate): labour 320 → 347.20, transport 20 → 21.70; 340 EUR = 368.90 USD.
 *   S2 has a March budget (labour 400) but its GL has not arrived: no budget variance and no cost
 *      per order for S2 (not −100 % and 0), and nothing of S2 in the region or company rows.
 *   Orders completed in March (fulfilment.ts): S1 O1, O2; S3 O4, O6.
 *   Targets: nps at S1 in 2026-03 is 30 (amber 10) from kpi_targets; elsewhere the registry's 40 (amber 10).
 */
import { ratio } from './rows.js';
import type { KpiExpectation } from './types.js';

const D = 'kpi_daily';
const M = 'kpi_monthly';
const march = '2026-03-01';
const company = { scope: 'company' as const, id: 'company' };
const na = { scope: 'region' as const, id: 'North America' };

export const financeExpectations: KpiExpectation[] = [
  // cost_per_order: GL operating cost ÷ orders completed in the month
  ratio(M, 'cost_per_order', { id: 'S1', period: march }, 662, 2, 331, '662 / 2 orders', 'red'),
  ratio(
    M,
    'cost_per_order',
    { id: 'S3', period: march },
    351.54,
    2,
    175.77,
    '351.54 USD / 2 orders (162.00 EUR per order in its booking currency)',
  ),
  ratio(M, 'cost_per_order', { ...na, period: march }, 662, 2, 331, 'S1 only (S2 books no cost)'),
  ratio(M, 'cost_per_order', { scope: 'region', id: 'Europe', period: march }, 351.54, 2, 175.77, 'S3 only, in USD'),
  {
    ...ratio(
      M,
      'cost_per_order',
      { ...company, period: march },
      1013.54,
      4,
      253.385,
      '(662 USD + 351.54 USD) / 4 = 253.39 > target 250, within the amber 25 → amber. Adding the 324 EUR as if dollars gave 986 / 4 = 246.50, green',
      'amber',
    ),
    target: 250,
  },

  // budget_variance_pct: 100 × (actual − budget) ÷ budget, overall and by category
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S1', period: march },
    2,
    660,
    (100 * 2) / 660,
    '(662 − 660) / 660: 0.30 % over; closer to zero is better, green within ±2 % (target 2)',
    'green',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S1', period: march, breakdown: 'labour' },
    40,
    500,
    8,
    '540 − 500 = 40 over 500',
  ),
  ratio(M, 'budget_variance_pct', { id: 'S1', period: march, breakdown: 'transport' }, -8, 40, -20, '32 − 40'),
  ratio(M, 'budget_variance_pct', { id: 'S1', period: march, breakdown: 'facilities' }, 0, 100, 0, '100 − 100'),
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S1', period: march, breakdown: 'vendor_3pl' },
    -10,
    0,
    null,
    'a credit of 10 with no budget: no ratio, the −10 still counts overall',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S1', period: march, breakdown: 'other' },
    -20,
    20,
    -100,
    'budgeted 20, nothing spent',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S3', period: march },
    -17.36,
    368.9,
    (100 * -17.36) / 368.9,
    '351.54 − 368.90 = −17.36 USD under budget (−16 of 340 EUR: the same −4.7 %, both sides at one rate) — as far off the plan as an overspend of 4.7 %: past the ±2 % green band, within its 3-point amber band (to ±5 %)',
    'amber',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S3', period: march, breakdown: 'labour' },
    -21.7,
    347.2,
    -6.25,
    '325.50 − 347.20 USD (300 − 320 EUR)',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { id: 'S3', period: march, breakdown: 'transport' },
    4.34,
    21.7,
    20,
    '26.04 − 21.70 USD (24 − 20 EUR)',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { ...company, period: march },
    -15.36,
    1028.9,
    (100 * -15.36) / 1028.9,
    '(2 − 17.36) / (660 + 368.90), all USD: −1.49 % (mixing the EUR in unconverted gave −14 / 1000 = −1.40 %)',
  ),
  ratio(
    M,
    'budget_variance_pct',
    { ...company, period: march, breakdown: 'labour' },
    18.3,
    847.2,
    (100 * 18.3) / 847.2,
    '(40 − 21.70) / (500 + 347.20) USD',
  ),

  // vendor_billing_variance_pct: 100 × (billed − rate card) ÷ rate card
  ratio(
    M,
    'vendor_billing_variance_pct',
    { id: 'S1', period: march },
    6.68,
    253.32,
    (100 * 6.68) / 253.32,
    'INV1/1 1000 × 0.15 = 150.00 billed 150; INV1/2 310 × 0.3333 = 103.323 → 103.32, billed 110 → +6.68',
  ),
  ratio(
    M,
    'vendor_billing_variance_pct',
    { id: 'S3', period: march },
    0,
    37.47,
    0,
    'EUR: INV2/1 12 × 2.50 = 30 billed 30; INV2/2 1.810 × 2.5000 = 4.525 → 4.53 (half up on exact decimals; a float would give 4.52 and a false 0.01 over-billing), billed 4.53. In USD line by line: 30 × 1.085 = 32.55; 4.53 × 1.085 = 4.91505 → 4.92; expected 32.55 + 4.92 = 37.47, billed the same',
  ),
  ratio(
    M,
    'vendor_billing_variance_pct',
    { ...company, period: march },
    6.68,
    290.79,
    (100 * 6.68) / 290.79,
    '6.68 / (253.32 + 37.47) USD',
  ),

  // nps: 100 × (promoters − detractors) ÷ responses, by local response day
  ratio(
    D,
    'nps',
    { id: 'S1', period: '2026-03-04' },
    1,
    4,
    25,
    'F1 10 and F3 9 (20:00 local = 03-05 in UTC) promoters, F2 3 detractor, F6 7 passive: (2 − 1) / 4; site target 30, amber to 20',
    'amber',
  ),
  ratio(
    D,
    'nps',
    { id: 'S3', period: '2026-03-04' },
    -1,
    3,
    -100 / 3,
    'F4 9 promoter; F5 6, F7 5 detractors: (1 − 2) / 3',
    'red',
  ),
  ratio(D, 'nps', { id: 'S2', period: '2026-03-04' }, 1, 1, 100, 'F8 10', 'green'),
  {
    ...ratio(
      D,
      'nps',
      { ...na, period: '2026-03-04' },
      2,
      5,
      40,
      "(1 + 1) / (4 + 1) = 40; target = the sites' targets weighted by responses: (S1 30 × 4 + S2 default 40 × 1) / 5 = 32",
      'green',
    ),
    target: 32,
  },
  {
    ...ratio(
      D,
      'nps',
      { ...company, period: '2026-03-04' },
      1,
      8,
      12.5,
      '(1 − 1 + 1) / 8 = 12.5; target (30 × 4 + 40 × 1 + 40 × 3) / 8 = 35, amber to 25 → red',
      'red',
    ),
    target: 35,
  },
  ratio(M, 'nps', { id: 'S1', period: march }, 1, 4, 25, 'one day of responses', 'amber'),
];
