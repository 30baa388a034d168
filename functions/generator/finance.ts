/**
 * Monthly finance feeds for one site, built from the month's simulated activity so they reconcile:
 * the 3PL invoice bills activity × the contracted rate (a few lines over-billed), the GL books
 * labour as the timecards' hours × rate, vendor cost as the invoices and transport as the freight
 * on the shipments. Budgets are set from the demand forecast, before the month happens.
 */
import { budgets, glCosts, vendorInvoices } from '../../schemas/erp.js';
import { kpiTargets } from '../../schemas/reference.js';
import { demandFactor, firstOfNextMonth, isWeekend, monthText } from './calendar.js';
import type { MonthTotals, SiteContext } from './site-context.js';
import { plannedReceivedUnitsPerWeekday } from './workforce.js';

/** The 3PL rate card, per activity unit, at scale 4 (1.1500 → 11500). */
const RATE_CARD = {
  storage_pallet_days: 4_500,
  inbound_pallets: 42_500,
  outbound_orders: 11_500,
  picks: 2_800,
  value_added_services: 380_000,
  transport: 1_850_000,
} as const;

type Activity = keyof typeof RATE_CARD;

const UNITS_PER_PALLET = 40;

/** Site-level targets for a few catalogue KPIs, overriding the registry defaults. */
const TARGETS: readonly { kpi: string; target: number; amber: number | null }[] = [
  { kpi: 'on_time_delivery_rate', target: 9_500, amber: 300 },
  { kpi: 'otif_rate', target: 9_200, amber: 300 },
  { kpi: 'overtime_rate', target: 500, amber: 300 },
  { kpi: 'units_per_labor_hour', target: 300_000, amber: 30_000 },
  { kpi: 'dock_to_stock_h', target: 120_000, amber: 40_000 },
  { kpi: 'inventory_record_accuracy', target: 9_700, amber: 200 },
  { kpi: 'nps', target: 400_000, amber: 100_000 },
  { kpi: 'trir', target: 30_000, amber: 10_000 },
];

/** `quantity` (scale 3) × `rate` (scale 4) in cents, rounded half up. */
export const expectedCents = (quantityMilli: number, rateE4: number): number =>
  Math.round((quantityMilli * rateE4) / 100_000);

/** A month's labour budget, in cents, from the site's workforce plan. */
export type LabourBudget = (monthStart: number, monthEnd: number) => number;

/** Mean freight per order of the order mix (parcel for B2C, LTL for large B2B orders). */
const PLANNED_FREIGHT_PER_ORDER_CENTS = 4_200;

export function writeMonthlyFeeds(ctx: SiteContext, labourBudget: LabourBudget): void {
  for (const [monthStart, totals] of [...ctx.months].sort((a, b) => a[0] - b[0])) {
    const vendorCents = writeInvoice(ctx, monthStart, totals);
    writeCosts(ctx, monthStart, totals, vendorCents);
    writeBudgets(ctx, monthStart, labourBudget);
    for (const t of TARGETS) {
      ctx.monthly(kpiTargets, monthStart, {
        kpi: t.kpi,
        site_id: ctx.site.id,
        period_month: monthStart,
        target_value: t.target,
        amber_threshold: t.amber,
      });
    }
  }
}

function activityQuantities(totals: MonthTotals, vasHours: number): Record<Activity, number> {
  return {
    storage_pallet_days: totals.palletDaysStored * 1000,
    inbound_pallets: Math.round((totals.unitsReceived * 1000) / UNITS_PER_PALLET),
    outbound_orders: totals.ordersShipped * 1000,
    picks: totals.pickEvents * 1000,
    value_added_services: vasHours * 1000,
    transport: totals.daysSimulated * 1000,
  };
}

/** Writes the month's 3PL invoice; returns the total billed, in cents. */
function writeInvoice(ctx: SiteContext, monthStart: number, totals: MonthTotals): number {
  const { random, site } = ctx;
  const quantities = activityQuantities(totals, random.int(20, 80));
  const invoiceId = `INV-${site.id}-${monthText(monthStart).replace('-', '')}`;
  const invoiceDate = firstOfNextMonth(monthStart) + random.int(2, 6);
  let billedTotal = 0;
  let lineNumber = 0;
  for (const activity of Object.keys(RATE_CARD) as Activity[]) {
    const quantity = quantities[activity];
    if (quantity === 0) continue;
    const expected = expectedCents(quantity, RATE_CARD[activity]);
    // A few lines are billed above the rate card: what vendor_billing_variance_pct must find.
    const billed = random.chance(0.08) ? Math.round(expected * (1.03 + random.next() * 0.09)) : expected;
    billedTotal += billed;
    ctx.monthly(vendorInvoices, monthStart, {
      invoice_id: invoiceId,
      line_number: ++lineNumber,
      site_id: site.id,
      vendor_id: `VND-3PL-${site.id}`,
      invoice_date: invoiceDate,
      service_month: monthStart,
      activity,
      quantity,
      contracted_rate: RATE_CARD[activity],
      billed_amount: billed,
      currency: site.currency,
    });
  }
  return billedTotal;
}

const facilitiesRentCents = (ctx: SiteContext) => Math.round(ctx.site.baseOrders * 2_500 * 100);

function writeCosts(ctx: SiteContext, monthStart: number, totals: MonthTotals, vendorCents: number): void {
  const { random, site } = ctx;
  const lines: [string, string, number][] = [
    ['labour', '6100', totals.directLabourCents],
    ['labour', '6110', totals.indirectLabourCents],
    ['vendor_3pl', '6200', vendorCents],
    ['facilities', '6300', Math.round((facilitiesRentCents(ctx) * totals.daysSimulated) / 30)],
    ['facilities', '6310', random.int(8_000, 14_000) * totals.daysSimulated],
    ['transport', '6400', totals.transportCents],
    ['other', '6900', random.int(1_500, 4_000) * 100],
  ];
  // Now and then a supplier rebate comes through as a credit.
  if (random.chance(0.2)) lines.push(['other', '6910', -random.int(200, 1_500) * 100]);
  for (const [category, account, cents] of lines) {
    ctx.monthly(glCosts, monthStart, {
      site_id: site.id,
      period_month: monthStart,
      cost_category: category,
      gl_account: account,
      amount: cents,
      currency: site.currency,
    });
  }
}

/** Mean lines per order of the order mix (a quarter B2B at 3–10 lines, the rest 1–4). */
const PLANNED_LINES_PER_ORDER = 3.5;

function writeBudgets(ctx: SiteContext, monthStart: number, labourBudget: LabourBudget): void {
  const { random, site } = ctx;
  const monthEnd = firstOfNextMonth(monthStart);
  const days = monthEnd - monthStart;
  let orders = 0;
  let weekdays = 0;
  for (let day = monthStart; day < monthEnd; day++) {
    orders += site.baseOrders * demandFactor(day);
    if (!isWeekend(day)) weekdays++;
  }
  const forecast: MonthTotals = {
    ordersShipped: Math.round(orders),
    pickEvents: Math.round(orders * PLANNED_LINES_PER_ORDER),
    unitsReceived: Math.round(weekdays * plannedReceivedUnitsPerWeekday(site.baseOrders)),
    palletDaysStored: Math.round(days * site.baseOrders * 30),
    daysSimulated: days,
    transportCents: 0,
    directLabourCents: 0,
    indirectLabourCents: 0,
  };
  const quantities = activityQuantities(forecast, 50);
  let vendorCents = 0;
  for (const activity of Object.keys(RATE_CARD) as Activity[]) {
    vendorCents += expectedCents(quantities[activity], RATE_CARD[activity]);
  }
  const amounts: Record<string, number> = {
    labour: labourBudget(monthStart, monthEnd),
    vendor_3pl: vendorCents,
    facilities: facilitiesRentCents(ctx) * (days / 30) + days * 11_000,
    transport: orders * PLANNED_FREIGHT_PER_ORDER_CENTS,
    other: 2_500 * 100,
  };
  for (const [category, cents] of Object.entries(amounts)) {
    ctx.monthly(budgets, monthStart, {
      site_id: site.id,
      period_month: monthStart,
      cost_category: category,
      budget_amount: Math.round(cents * (0.97 + random.next() * 0.06)),
      currency: site.currency,
    });
  }
}
