/**
 * The carrier and vendor scorecards of the fixture in ./landing, worked out by hand. Site S1,
 * February and March 2026.
 *
 * Carriers (targets UPS 0.95, FedEx 0.90; every shipment delivered in its ship month):
 *   Feb  UPS SHA on time (10 units, 20.00); FEDEX SHB late (5 units, 15.00)
 *   Mar  UPS SH1, SH2 on time, SH3 late (4 + 6 + 10 units, 8 + 12 + 10 = 30.00);
 *        FEDEX SH4 on time (5 units, 10.00), SH5 cancelled (not counted anywhere)
 *   Returns: RT1 damaged on O2 (UPS, March); RT2 not_needed (not damage).
 * Vendors: receipts SUP1 Feb RF1 10/10; SUP2 Feb RF2 18 of 20; SUP1 Mar R1 10/10, R2 9 of 10;
 *   SUP2 Mar R3 30/30; inbound checks R1 5 inspected 1 defective, R3 10 / 0 (QC3 is outbound).
 *   3PL V3PL bills March 4 outbound orders at the contract's 1.00 = 4.00: 4 measured (SH1–SH4), clean.
 */
import type { Row } from '../support.js';

const carrier = (
  carrier_id: string,
  month: string,
  volume: [shipments: number, share: number],
  onTime: [on_time: number, due: number],
  trend: [prev: number | null, twelve: number, rank: number],
  damage: number,
  cost: [units: number, freight: number],
): Row => ({
  carrier_id,
  month_start: month,
  shipments: volume[0],
  volume_share: volume[1],
  on_time_shipments: onTime[0],
  on_time_due: onTime[1],
  on_time_rate: onTime[0] / onTime[1],
  contracted_on_time_target: carrier_id === 'UPS' ? 0.95 : 0.9,
  meets_on_time_target: onTime[0] / onTime[1] >= (carrier_id === 'UPS' ? 0.95 : 0.9),
  on_time_rate_prev_month: trend[0],
  on_time_rate_12m: trend[1],
  on_time_rank: trend[2],
  damaged_returns: damage,
  damage_rate: damage / volume[0],
  units: cost[0],
  freight_cost: cost[1],
  freight_cost_per_unit: cost[1] / cost[0],
  currency_code: 'USD',
});

export const carriers: Row[] = [
  // February: one shipment each, UPS on time (rank 1), FedEx late (rank 2); nothing before it.
  carrier('UPS', '2026-02-01', [1, 1 / 2], [1, 1], [null, 1, 1], 0, [10, 20]),
  carrier('FEDEX', '2026-02-01', [1, 1 / 2], [0, 1], [null, 0, 2], 0, [5, 15]),
  // March: UPS 3 of 4 shipments, 2 of 3 on time (rank 2 behind FedEx's 1 of 1); 12 months (1 + 2) ÷ (1 + 3).
  carrier('UPS', '2026-03-01', [3, 3 / 4], [2, 3], [1, 3 / 4, 2], 1, [20, 30]),
  carrier('FEDEX', '2026-03-01', [1, 1 / 4], [1, 1], [0, 1 / 2, 1], 0, [5, 10]),
];

const supplier = (
  vendor_id: string,
  month: string,
  lines: [receipt_lines: number, in_full: number],
  trend: [prev: number | null, twelve: number, rank: number],
  units: [received: number, share: number],
  quality: [inspected: number, defective: number],
): Row => ({
  vendor_id,
  month_start: month,
  receipt_lines: lines[0],
  lines_in_full: lines[1],
  in_full_rate: lines[1] / lines[0],
  in_full_rate_prev_month: trend[0],
  in_full_rate_12m: trend[1],
  in_full_rank: trend[2],
  units_received: units[0],
  volume_share: units[1],
  inspected_units: quality[0],
  defective_units: quality[1],
  defect_rate: quality[0] === 0 ? null : quality[1] / quality[0],
  invoice_lines: 0,
  disputed_lines: 0,
  billing_accuracy_rate: null,
  billed_amount: null,
  amount_variance: null,
  billed_cost_per_unit_shipped: null,
  currency_code: null,
});

export const vendors: Row[] = [
  // February: 10 + 18 = 28 units received.
  supplier('SUP1', '2026-02-01', [1, 1], [null, 1, 1], [10, 10 / 28], [0, 0]),
  supplier('SUP2', '2026-02-01', [1, 0], [null, 0, 2], [18, 18 / 28], [0, 0]),
  // March: 19 + 30 = 49 units; SUP1 12 months (1 + 1) ÷ (1 + 2), SUP2 (0 + 1) ÷ (1 + 1).
  supplier('SUP1', '2026-03-01', [2, 1], [1, 2 / 3, 2], [19, 19 / 49], [5, 1]),
  supplier('SUP2', '2026-03-01', [1, 1], [0, 1 / 2, 1], [30, 30 / 49], [10, 0]),
  // The 3PL: no receipts (no in-full rate, no rank, 0 of the 49 units); billed 4.00 for the
  // 4 + 6 + 10 + 5 = 25 units S1 shipped in March.
  {
    vendor_id: 'V3PL',
    month_start: '2026-03-01',
    receipt_lines: 0,
    lines_in_full: 0,
    in_full_rate: null,
    in_full_rate_prev_month: null,
    in_full_rate_12m: null,
    in_full_rank: null,
    units_received: 0,
    volume_share: 0,
    inspected_units: 0,
    defective_units: 0,
    defect_rate: null,
    invoice_lines: 1,
    disputed_lines: 0,
    billing_accuracy_rate: 1,
    billed_amount: 4,
    amount_variance: 0,
    billed_cost_per_unit_shipped: 4 / 25,
    currency_code: 'USD',
  },
];
