/**
 * The bill audit of the fixture in ./landing, worked out by hand. Site S1 (America/Chicago: CST
 * −06:00 until 8 March 2026, CDT −05:00 after), vendor V1's rate card and invoice INV-1 for March
 * 2026, and INV-2 from V2, who has no rate card.
 *
 * Measured in March (local days):
 * - picks: E1–E4 on 2 March and E7 at 23:30 on 31 March (04:30 UTC on 1 April, still March
 *   locally) = 5; E5/E6 are packed/shipped, not picks; E8 (00:30 on 1 April) is April's.
 * - outbound_orders: SH1, SH2 (2 March), SH3 (3 March) = 3; SH4 is cancelled; SH5 is April's.
 * - transport: days with a shipment = 2 March and 3 March = 2.
 * - inbound_pallets: R1 60 + R2 20 = 80 received units ÷ 40 per pallet = 2.000; R3 is April's.
 *   The rate in force on 1 March is the new 4.25 (4.00 ended 28 February).
 * - storage_pallet_days: 100 + 110 + 90 = 300.
 * - value_added_services: not measured.
 */
import type { Row } from '../support.js';

const line = (
  line_number: number,
  activity: string,
  billed: [quantity: number, rate: number, amount: number],
  measured: number | null,
  contract_rate: number | null,
  accepted_quantity: number,
  expected_amount: number,
  dispute_reasons: string | null,
  invoice_id = 'INV-1',
): Row => ({
  invoice_id,
  line_number,
  vendor_id: invoice_id === 'INV-1' ? 'V1' : 'V2',
  service_month: '2026-03-01',
  activity,
  billed_quantity: billed[0],
  billed_rate: billed[1],
  billed_amount: billed[2],
  measured_quantity: measured,
  contract_rate,
  accepted_quantity,
  expected_amount,
  amount_variance: Math.round((billed[2] - expected_amount) * 100) / 100,
  dispute_reason: dispute_reasons,
  dispute_reasons,
  is_disputed: dispute_reasons !== null,
});

export const auditLines: Row[] = [
  // 5 picks billed, 5 measured, 5 × 0.28 = 1.40: clean.
  line(1, 'picks', [5, 0.28, 1.4], 5, 0.28, 5, 1.4, null),
  // 4 billed, 3 measured; tolerance 0.5 % of 3 = 0.015 < 1 → the measured 3 is owed: 3 × 1.15 = 3.45.
  line(2, 'outbound_orders', [4, 1.15, 4.6], 3, 1.15, 3, 3.45, 'quantity_above_measured'),
  // 2 days billed and measured, but at 195 against the contract's 185: 2 × 185 = 370.00.
  line(3, 'transport', [2, 195, 390], 2, 185, 2, 370, 'rate_above_contract'),
  // 2 pallets at the new rate 4.25 = 8.50: clean (the old 4.00 would have disputed it).
  line(4, 'inbound_pallets', [2, 4.25, 8.5], 2, 4.25, 2, 8.5, null),
  // 302 billed, 300 measured; tolerance 1 % of 300 = 3 ≥ 2 → accepted as billed: 302 × 0.45 = 135.90.
  line(5, 'storage_pallet_days', [302, 0.45, 135.9], 300, 0.45, 302, 135.9, null),
  // Not measured, rate right, but 10 × 38 = 380.00, not the 390.00 billed.
  line(6, 'value_added_services', [10, 38, 390], null, 38, 10, 380, 'extension_error'),
  // Picks for March again, after line 1: owed nothing.
  line(7, 'picks', [5, 0.28, 1.4], 5, 0.28, 0, 0, 'duplicate_billing'),
  // V2 has no rate card at S1: nothing is contracted, so nothing is owed (and nothing measured for it).
  line(1, 'transport', [1, 50, 50], null, null, 1, 0, 'no_contract_rate', 'INV-2'),
];

/** The dispute list: the disputed lines above, nothing else. */
export const disputes: Row[] = auditLines
  .filter((row) => row.is_disputed)
  .map(({ accepted_quantity, is_disputed, ...row }) => row);

/** April is measured (E8, SH5 on 1 April, R3's 40 units) but not invoiced: accrued at V1's rates. */
export const accruals: Row[] = [
  { vendor_id: 'V1', service_month: '2026-04-01', activity: 'picks', accrued_quantity: 1, accrual_amount: 0.28 },
  {
    vendor_id: 'V1',
    service_month: '2026-04-01',
    activity: 'outbound_orders',
    accrued_quantity: 1,
    accrual_amount: 1.15,
  },
  { vendor_id: 'V1', service_month: '2026-04-01', activity: 'transport', accrued_quantity: 1, accrual_amount: 185 },
  // 40 units ÷ 40 = 1 pallet × 4.25.
  {
    vendor_id: 'V1',
    service_month: '2026-04-01',
    activity: 'inbound_pallets',
    accrued_quantity: 1,
    accrual_amount: 4.25,
  },
];

export const monthly: Row[] = [
  {
    vendor_id: 'V1',
    service_month: '2026-03-01',
    invoice_lines: 7,
    disputed_lines: 4,
    billing_accuracy_rate: 3 / 7,
    // 1.40 + 4.60 + 390.00 + 8.50 + 135.90 + 390.00 + 1.40
    billed_amount: 931.8,
    // 1.40 + 3.45 + 370.00 + 8.50 + 135.90 + 380.00 + 0
    expected_amount: 899.25,
    amount_variance: 32.55,
    overbilled_amount: 32.55,
    amount_variance_pct: 32.55 / 899.25,
  },
  {
    vendor_id: 'V2',
    service_month: '2026-03-01',
    invoice_lines: 1,
    disputed_lines: 1,
    billing_accuracy_rate: 0,
    billed_amount: 50,
    expected_amount: 0,
    amount_variance: 50,
    overbilled_amount: 50,
    // Nothing expected: no ratio.
    amount_variance_pct: null,
  },
];
