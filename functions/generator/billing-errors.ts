/**
 * The billing errors the generator plants in 3PL invoices, for the bill audit to find
 * (docs/bill-audit.md). Every invoice gets one, its kind rotating with the month and the site, so
 * even a short run plants each kind; they are listed in `_manifest/billing-errors.json` next to
 * the feeds. Each kind breaks exactly one of the audit's checks and keeps the others clean:
 *
 * - `extension_error`: the amount is more than the line's own quantity × rate (the arithmetic);
 * - `rate_above_contract`: the line prints, and bills at, a rate above the rate card;
 * - `quantity_overstated`: more activity billed than opslake measured, beyond the tolerance —
 *   only on activities opslake measures (value-added services are not measured);
 * - `duplicate_line`: a line of the invoice billed a second time.
 */
import type { ObjectStore } from '../core/storage/port.js';
import type { Random } from './random.js';

export const BILLING_ERROR_KINDS = [
  'extension_error',
  'rate_above_contract',
  'quantity_overstated',
  'duplicate_line',
] as const;

export type BillingErrorKind = (typeof BILLING_ERROR_KINDS)[number];

export const BILLING_MANIFEST_KEY = '_manifest/billing-errors.json';

export interface PlantedBillingError {
  readonly invoice_id: string;
  readonly line_number: number;
  readonly site_id: string;
  readonly activity: string;
  readonly kind: BillingErrorKind;
  readonly note: string;
}

/** One invoice line as the generator bills it: quantity (scale 3), rate (scale 4), amount (cents). */
export interface BilledLine {
  readonly activity: string;
  readonly quantity: number;
  readonly rate: number;
  readonly billed: number;
}

/** Activities whose quantity opslake measures from its own feeds (the others cannot be disputed on quantity). */
export const MEASURED_ACTIVITIES: ReadonlySet<string> = new Set([
  'storage_pallet_days',
  'inbound_pallets',
  'outbound_orders',
  'picks',
  'transport',
]);

/** `quantity` (scale 3) × `rate` (scale 4) in cents, rounded half up. */
export const expectedCents = (quantityMilli: number, rateE4: number): number =>
  Math.round((quantityMilli * rateE4) / 100_000);

/** The kind planted in the invoice of month number `monthIndex` of site number `siteIndex`. */
export const kindFor = (monthIndex: number, siteIndex: number): BillingErrorKind =>
  BILLING_ERROR_KINDS[(monthIndex + siteIndex) % BILLING_ERROR_KINDS.length] as BillingErrorKind;

/**
 * Plants `kind` in one of `lines` (clean, in invoice order) and returns the lines as billed, with
 * the error's manifest entry (its line number is the 1-based position in the returned lines).
 */
export function plantBillingError(
  random: Random,
  kind: BillingErrorKind,
  lines: readonly BilledLine[],
  where: { invoiceId: string; siteId: string },
): { lines: BilledLine[]; error: PlantedBillingError | undefined } {
  const eligible = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => kind !== 'quantity_overstated' || MEASURED_ACTIVITIES.has(line.activity));
  if (eligible.length === 0) return { lines: [...lines], error: undefined };
  const { line, index } = random.pick(eligible);
  const out = [...lines];
  let note: string;
  let lineNumber = index + 1;
  if (kind === 'extension_error') {
    const billed = Math.round(line.billed * (1.03 + random.next() * 0.09));
    out[index] = { ...line, billed };
    note = `billed ${billed} cents, ${billed - line.billed} more than quantity × rate`;
  } else if (kind === 'rate_above_contract') {
    const rate = Math.round(line.rate * (1.04 + random.next() * 0.08));
    out[index] = { ...line, rate, billed: expectedCents(line.quantity, rate) };
    note = `rate ${rate / 10_000} printed and billed against the contract's ${line.rate / 10_000}`;
  } else if (kind === 'quantity_overstated') {
    const raw = line.quantity * (1.03 + random.next() * 0.07);
    // Whole activity units stay whole (and at least one more); pallets carry three decimals.
    const quantity =
      line.quantity % 1000 === 0 ? Math.max(line.quantity + 1000, Math.round(raw / 1000) * 1000) : Math.round(raw);
    out[index] = { ...line, quantity, billed: expectedCents(quantity, line.rate) };
    note = `quantity ${quantity / 1000} billed against ${line.quantity / 1000} measured`;
  } else {
    out.push({ ...line });
    lineNumber = out.length;
    note = `line ${index + 1} (${line.activity}) billed again as line ${lineNumber}`;
  }
  return {
    lines: out,
    error: {
      invoice_id: where.invoiceId,
      line_number: lineNumber,
      site_id: where.siteId,
      activity: line.activity,
      kind,
      note,
    },
  };
}

export async function writeBillingManifest(
  landing: ObjectStore,
  seed: number,
  errors: readonly PlantedBillingError[],
): Promise<void> {
  await landing.write(BILLING_MANIFEST_KEY, `${JSON.stringify({ seed, errors }, null, 2)}\n`);
}
