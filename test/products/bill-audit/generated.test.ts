/**
 * The bill audit on generated data finds every billing error the generator planted
 * (_manifest/billing-errors.json) and disputes no other line: the disputed lines and their reasons
 * equal the manifest exactly. Two sites over three service months plant each kind at least once.
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDirectoryStore } from '../../../functions/core/storage/local-directory.js';
import {
  BILLING_ERROR_KINDS,
  BILLING_MANIFEST_KEY,
  type BillingErrorKind,
  type PlantedBillingError,
} from '../../../functions/generator/billing-errors.js';
import { generateOperations } from '../../../functions/generator/operations.js';
import { buildProduct, type ProductWorkspace } from '../support.js';

/** The dispute reason each planted kind must be found as. */
const REASON: Record<BillingErrorKind, string> = {
  extension_error: 'extension_error',
  rate_above_contract: 'rate_above_contract',
  quantity_overstated: 'quantity_above_measured',
  duplicate_line: 'duplicate_billing',
};

let landing: string;
let ws: ProductWorkspace;
let planted: PlantedBillingError[];

beforeAll(async () => {
  landing = await mkdtemp(join(tmpdir(), 'opslake-bill-audit-landing-'));
  // Only the feeds the audit reads; the simulation is the same as a full run's.
  await generateOperations(new LocalDirectoryStore(landing), {
    sites: 2,
    // 25 January – 5 March: three service months (S1 plants kinds 1–3, S2 kinds 2–4) in 40 days.
    start: '2025-01-25',
    days: 40,
    seed: 7,
    feeds: [
      'reference/sites',
      'reference/rate_cards',
      'erp/vendor_invoices',
      'wms/order_events',
      'wms/receipts',
      'wms/pallet_positions',
      'tms/shipments',
    ],
  });
  planted = (JSON.parse(readFileSync(join(landing, BILLING_MANIFEST_KEY), 'utf8')) as { errors: PlantedBillingError[] })
    .errors;
  ws = buildProduct(landing, ['+bill_audit_disputes', '+bill_audit_monthly']);
}, 900_000);

afterAll(() => {
  ws?.dispose();
  rmSync(landing, { recursive: true, force: true });
});

describe('bill audit on generated data', () => {
  it('plants every kind of billing error', () => {
    expect([...new Set(planted.map((e) => e.kind))].sort()).toEqual([...BILLING_ERROR_KINDS].sort());
  });

  it('disputes exactly the planted lines, each for the planted reason', () => {
    const disputed = ws
      .sql<{ invoice_id: string; line_number: number; dispute_reasons: string }>(
        'select invoice_id, line_number, dispute_reasons from bill_audit_disputes',
      )
      .map((d) => `${d.invoice_id} #${d.line_number}: ${d.dispute_reasons}`)
      .sort();
    const expected = planted.map((e) => `${e.invoice_id} #${e.line_number}: ${REASON[e.kind]}`).sort();
    expect(disputed).toEqual(expected);
  });

  it('audits every line, so clean lines are checked too, not just absent', () => {
    const [row] = ws.sql<{ lines: number; clean: number; measured: number }>(
      `select count(*) as lines, count(*) filter (where not is_disputed) as clean,
              count(*) filter (where measured_quantity is not null and not is_disputed) as measured
       from fct_bill_audit_lines`,
    );
    expect(row?.lines).toBeGreaterThan(planted.length * 4);
    expect(row?.clean).toBe((row?.lines ?? 0) - planted.length);
    // Clean measured lines match opslake's measure exactly: the audit compared them, not skipped them.
    const [exact] = ws.sql<{ n: number }>(
      'select count(*) as n from fct_bill_audit_lines where not is_disputed and measured_quantity = billed_quantity',
    );
    expect(exact?.n).toBe(row?.measured);
    expect(row?.measured).toBeGreaterThan(0);
  });
});
