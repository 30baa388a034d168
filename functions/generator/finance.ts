/**
 * Monthly finance feeds for one site, built from the month's simulated activity so they reconcile:
 * the 3PL invoice bills activity × the rate card (reference rate_cards), with one planted billing
 * error per invoice (billing-errors.ts), the GL books
 * labour as the timecards' hours × rate, vendor cost as the invoices and transport as the freight
 * on the shipments. Budgets are set from the demand forecast, before the month happens.
 */
import { budgets, glCosts, vendorInvoices } from '../../schemas/erp.js';
import { kpiTargets, rateCards } from '../../schemas/reference.js';
import { type BilledLine, expectedCents, kindFor, plantBillingError } from './billing-errors.js';
import { demandFactor, firstOfMonth, firstOfNextMonth, isWeekend, monthText } from './calendar.js';
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

/**
 * The quantity difference the contract accepts, per activity (scale 4): counts taken at a cut-off
 * differ a little between the 3PL's system and the WMS; days of transport service do not.
 */
const QUANTITY_TOLERANCE: Record<Activity, number> = {
  storage_pallet_days: 100,
  inbound_pallets: 100,
  outbound_orders: 50,
  picks: 50,
  value_added_services: 0,
  transport: 0,
};

/** The rate card signed a year before the first simulated day, still current. */
function writeRateCard(ctx: SiteContext): void {
  for (const activity of Object.keys(RATE_CARD) as Activity[]) {
    ctx.snapshot(rateCards, {
      vendor_id: vendorOf(ctx),
      site_id: ctx.site.id,
      activity,
      rate: RATE_CARD[activity],
      currency: ctx.site.currency,
      valid_from: firstOfMonth(ctx.startDay - 365),
      valid_to: null,
      units_per_billed_unit: (activity === 'inbound_pallets' ? UNITS_PER_PALLET : 1) * 1000,
      quantity_tolerance_pct: QUANTITY_TOLERANCE[activity],
    });
  }
}

const vendorOf = (ctx: SiteContext) => `VND-3PL-${ctx.site.id}`;

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

/** A month's labour budget, in cents, from the site's workforce plan. */
export type LabourBudget = (monthStart: number, monthEnd: number) => number;

/** Mean freight per order of the order mix (parcel for B2C, LTL for large B2B orders). */
const PLANNED_FREIGHT_PER_ORDER_CENTS = 4_200;

export function writeMonthlyFeeds(ctx: SiteContext, labourBudget: LabourBudget): void {
  writeRateCard(ctx);
  for (const [monthIndex, [monthStart, totals]] of [...ctx.months].sort((a, b) => a[0] - b[0]).entries()) {
    const vendorCents = writeInvoice(ctx, monthStart, totals, monthIndex);
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
    transport: totals.shippingDays * 1000,
  };
}

/** Writes the month's 3PL invoice, one billing error planted; returns the total billed, in cents. */
function writeInvoice(ctx: SiteContext, monthStart: number, totals: MonthTotals, monthIndex: number): number {
  const { random, site } = ctx;
  const quantities = activityQuantities(totals, random.int(20, 80));
  const invoiceId = `INV-${site.id}-${monthText(monthStart).replace('-', '')}`;
  const invoiceDate = firstOfNextMonth(monthStart) + random.int(2, 6);
  const clean: BilledLine[] = [];
  for (const activity of Object.keys(RATE_CARD) as Activity[]) {
    const quantity = quantities[activity];
    if (quantity === 0) continue;
    clean.push({ activity, quantity, rate: RATE_CARD[activity], billed: expectedCents(quantity, RATE_CARD[activity]) });
  }
  const siteIndex = Number(site.id.slice(1)) - 1;
  const { lines, error } = plantBillingError(random, kindFor(monthIndex, siteIndex), clean, {
    invoiceId,
    siteId: site.id,
  });
  if (error) ctx.billingErrors.push(error);
  let billedTotal = 0;
  for (const [index, line] of lines.entries()) {
    billedTotal += line.billed;
    ctx.monthly(vendorInvoices, monthStart, {
      invoice_id: invoiceId,
      line_number: index + 1,
      site_id: site.id,
      vendor_id: vendorOf(ctx),
      invoice_date: invoiceDate,
      service_month: monthStart,
      activity: line.activity,
      quantity: line.quantity,
      contracted_rate: line.rate,
      billed_amount: line.billed,
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
    shippingDays: days,
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
