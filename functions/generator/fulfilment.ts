/**
 * Customer orders end to end, for one site and day: order and lines (ERP) → pick, pack and ship
 * events per line (WMS) → a shipment and its delivery (TMS) → outbound quality checks, returns and
 * survey responses. Every downstream row refers to its upstream ids, so the feeds join.
 */
import { customerFeedback, salesOrderLines, salesOrders } from '../../schemas/erp.js';
import { shipments } from '../../schemas/tms.js';
import { orderEvents, qualityChecks, returns } from '../../schemas/wms.js';
import { DAY, dayText, demandFactor, HOUR, MINUTE, monthOf } from './calendar.js';
import { SKU_COUNT, sku } from './catalogue.js';
import { hex8, type SiteContext, stableHash, toSecond } from './site-context.js';

/** Mean units per order the forecast plans labour with (matches the order mix below). */
export const PLANNED_UNITS_PER_ORDER = 49;

const RETURN_REASONS = ['damaged', 'defective', 'wrong_item', 'not_needed', 'other'] as const;
const DISPOSITIONS = ['restock', 'restock', 'refurbish', 'scrap', 'return_to_vendor'] as const;
const COMMENTS = [
  'Fast, well packed',
  'Arrived on time',
  'Box was "crushed" on one side',
  'Late again, second time this month',
  'Great service',
  'Wrong colour, but support sorted it',
];

interface Line {
  readonly lineNumber: number;
  readonly skuIndex: number;
  readonly ordered: number;
  readonly picked: number;
}

/** What the workforce model needs from the day's fulfilment: units picked per local day. */
export interface FulfilmentLoad {
  readonly pickedUnitsByDay: Map<number, number>;
  readonly ordersShippedByDay: Map<number, number>;
}

export function createLoad(): FulfilmentLoad {
  return { pickedUnitsByDay: new Map(), ordersShippedByDay: new Map() };
}

const addTo = (map: Map<number, number>, key: number, value: number) => map.set(key, (map.get(key) ?? 0) + value);

/** Simulates the orders created on `day`; `pickers` are the direct workers who may confirm picks. */
export function simulateOrders(ctx: SiteContext, day: number, load: FulfilmentLoad, pickers: readonly string[]): void {
  const { random, site } = ctx;
  const count = Math.max(0, Math.round(site.baseOrders * demandFactor(day) * (0.85 + 0.3 * random.next())));
  const ymd = dayText(day).replaceAll('-', '');
  const peak = monthOf(day) >= 11;
  for (let n = 1; n <= count; n++) {
    const orderId = `SO-${site.id}-${ymd}-${String(n).padStart(4, '0')}`;
    const roll = random.next();
    const channel = roll < 0.25 ? 'b2b' : roll < 0.8 ? 'b2c' : 'marketplace';
    const createdAt = toSecond(day * DAY + 7 * HOUR + random.next() * 15 * HOUR);
    const promiseHours = channel === 'b2b' ? 96 : channel === 'b2c' ? 72 : 60;
    const promisedAt = Math.ceil((createdAt + promiseHours * HOUR) / HOUR) * HOUR;
    const customer = `C${hex8(stableHash(`${site.id}:${channel}:${random.int(1, channel === 'b2b' ? 200 : 6000)}`))}`;

    const lineCount = channel === 'b2b' ? random.int(3, 10) : random.int(1, 4);
    const lines: Line[] = [];
    for (let l = 1; l <= lineCount; l++) {
      const ordered = channel === 'b2b' ? random.int(6, 48) : random.int(1, 4);
      // A short pick (no stock at the location) leaves the line incomplete: line fill and OTIF see it.
      const picked = random.chance(0.02) ? Math.floor(ordered * random.next()) : ordered;
      lines.push({ lineNumber: l, skuIndex: random.int(0, SKU_COUNT - 1), ordered, picked });
    }
    const cancelled = random.chance(0.01);
    let valueCents = 0;
    for (const line of lines) {
      const item = sku(line.skuIndex);
      valueCents += line.ordered * item.priceCents;
      ctx.daily(salesOrderLines, createdAt, {
        order_id: orderId,
        line_number: line.lineNumber,
        site_id: site.id,
        sku: item.id,
        ordered_qty: line.ordered,
        unit_price: item.priceCents,
        currency: site.currency,
        created_at: createdAt,
      });
    }

    let status = cancelled ? 'cancelled' : 'open';
    const units = lines.reduce((sum, line) => sum + line.picked, 0);
    if (!cancelled && units > 0) {
      status = fulfil(ctx, { orderId, channel, createdAt, promisedAt, lines, units, peak }, load, pickers);
    } else if (!cancelled) {
      status = 'released';
    }
    ctx.daily(salesOrders, createdAt, {
      order_id: orderId,
      site_id: site.id,
      customer_id: customer,
      channel,
      created_at: createdAt,
      promised_delivery_at: promisedAt,
      order_status: status,
      order_value: valueCents,
      currency: site.currency,
    });
  }
}

interface Order {
  readonly orderId: string;
  readonly channel: string;
  readonly createdAt: number;
  readonly promisedAt: number;
  readonly lines: readonly Line[];
  readonly units: number;
  readonly peak: boolean;
}

/** Picks, packs, ships and delivers one order; returns its ERP status as of the cut-off. */
function fulfil(ctx: SiteContext, order: Order, load: FulfilmentLoad, pickers: readonly string[]): string {
  const { packedAt, shippedAt } = pickPackAndShip(ctx, order, load, pickers);
  if (ctx.random.chance(0.08)) outboundCheck(ctx, order, packedAt);
  if (!ctx.happened(shippedAt)) return 'released';
  const { delivered, deliveredAt, late } = ship(ctx, order, load, shippedAt);
  if (!delivered) return 'shipped';
  afterDelivery(ctx, order, deliveredAt, late);
  return 'delivered';
}

/** The order's pick, pack and ship events (the WMS feed), each line picked by one picker. */
function pickPackAndShip(
  ctx: SiteContext,
  order: Order,
  load: FulfilmentLoad,
  pickers: readonly string[],
): { packedAt: number; shippedAt: number } {
  const { random, site } = ctx;
  const createdHour = (order.createdAt % DAY) / HOUR;
  // Orders after 20:00 wait for the morning wave.
  let t =
    createdHour >= 20
      ? Math.floor(order.createdAt / DAY + 1) * DAY + 6 * HOUR + random.next() * 3 * HOUR
      : order.createdAt + (0.5 + random.next() * 5.5) * HOUR;
  const picker = pickers.length > 0 ? random.pick(pickers) : null;
  const events: { line: Line; type: 'picked' | 'packed' | 'shipped'; at: number }[] = [];
  for (const line of order.lines) {
    t += random.int(1, 6) * MINUTE;
    if (line.picked > 0) events.push({ line, type: 'picked', at: toSecond(t) });
  }
  const packedAt = toSecond(t + random.int(10, 45) * MINUTE);
  const shippedAt = toSecond(packedAt + (1 + random.next() * 4) * HOUR);
  for (const line of order.lines) {
    if (line.picked === 0) continue;
    events.push({ line, type: 'packed', at: packedAt }, { line, type: 'shipped', at: shippedAt });
  }
  for (const event of events) {
    const written = ctx.daily(orderEvents, event.at, {
      event_id: `EV-${order.orderId.slice(3)}-${event.line.lineNumber}-${event.type}`,
      site_id: site.id,
      order_id: order.orderId,
      line_number: event.line.lineNumber,
      sku: sku(event.line.skuIndex).id,
      event_type: event.type,
      quantity: event.line.picked,
      event_at: event.at,
      employee_id: event.type === 'picked' ? picker : null,
    });
    if (written && event.type === 'picked') {
      addTo(load.pickedUnitsByDay, Math.floor(event.at / DAY), event.line.picked);
      ctx.month(Math.floor(event.at / DAY)).pickEvents++;
    }
  }
  return { packedAt, shippedAt };
}

/** The shipment of an order that has left (the TMS feed): carrier, freight and when it arrives. */
function ship(
  ctx: SiteContext,
  order: Order,
  load: FulfilmentLoad,
  shippedAt: number,
): { delivered: boolean; deliveredAt: number; late: boolean } {
  const { random, site } = ctx;
  // Carriers differ (the first is the site's workhorse, the second its weakest), and the peak strains them all.
  const carrierIndex = order.channel === 'b2b' && site.carriers.length > 2 ? 2 : random.chance(0.6) ? 0 : 1;
  const carrier = site.carriers[carrierIndex] ?? site.carriers[0];
  const lateRate = site.lateRate * (carrierIndex === 1 ? 1.4 : 0.9) * (order.peak ? 1.4 : 1);
  const late = random.chance(lateRate);
  const earliest = shippedAt + 8 * HOUR;
  let deliveredAt = toSecond(
    late
      ? order.promisedAt + random.int(1, 48) * HOUR + random.int(0, 59) * MINUTE
      : earliest + random.next() * Math.max(0, order.promisedAt - earliest),
  );
  const exception = random.chance(0.003);
  const delivered = !exception && ctx.happened(deliveredAt);
  if (!delivered) deliveredAt = 0;
  const grams = order.lines.reduce((sum, line) => sum + line.picked * sku(line.skuIndex).grams, 0);
  const mode = carrier?.mode ?? 'parcel';
  const freightCents =
    mode === 'ltl' ? 9_000 + Math.round(grams / 1000) * 11 : 650 + order.units * 35 + Math.round(grams / 100);
  const shipDay = Math.floor(shippedAt / DAY);
  if (
    ctx.daily(shipments, shippedAt, {
      shipment_id: `SH-${order.orderId.slice(3)}`,
      order_id: order.orderId,
      site_id: site.id,
      carrier_id: carrier?.id ?? 'UNKNOWN',
      service_level: mode === 'ltl' ? 'ltl' : random.chance(0.2) ? 'express' : 'ground',
      shipped_at: shippedAt,
      promised_delivery_at: order.promisedAt,
      delivered_at: delivered ? deliveredAt : null,
      status: exception ? 'exception' : delivered ? 'delivered' : 'in_transit',
      units: order.units,
      weight_kg: grams,
      freight_cost: freightCents,
      currency: site.currency,
    })
  ) {
    const month = ctx.month(shipDay);
    month.transportCents += freightCents;
    month.ordersShipped++;
    // The day's first shipment: the map is cleared only once no later order can ship on that day.
    if (!load.ordersShippedByDay.has(shipDay)) month.shippingDays++;
    addTo(load.ordersShippedByDay, shipDay, 1);
  }
  return { delivered, deliveredAt, late };
}

function outboundCheck(ctx: SiteContext, order: Order, packedAt: number): void {
  const { random } = ctx;
  const inspected = Math.min(order.units, random.int(1, 10));
  const defective = random.chance(0.04) ? random.int(1, Math.min(2, inspected)) : 0;
  ctx.daily(qualityChecks, packedAt, {
    check_id: `QC-${order.orderId.slice(3)}`,
    site_id: ctx.site.id,
    check_type: 'outbound',
    reference_id: order.orderId,
    checked_at: packedAt,
    inspected_units: inspected,
    defective_units: defective,
    passed_first_time: defective === 0 && !random.chance(0.02),
  });
}

/** Returns and survey responses follow a delivery, more often when it was late. */
function afterDelivery(ctx: SiteContext, order: Order, deliveredAt: number, late: boolean): void {
  const { random, site } = ctx;
  if (random.chance(late ? 0.07 : 0.025)) {
    const shipped = order.lines.filter((line) => line.picked > 0);
    const line = random.pick(shipped);
    const receivedAt = toSecond(
      (Math.floor(deliveredAt / DAY) + random.int(1, 14)) * DAY + (8 + random.next() * 9) * HOUR,
    );
    const dispositionedAt = toSecond(receivedAt + random.int(4, 96) * HOUR);
    const decided = ctx.happened(dispositionedAt);
    ctx.daily(returns, receivedAt, {
      return_id: `RT-${order.orderId.slice(3)}-${line.lineNumber}`,
      site_id: site.id,
      order_id: order.orderId,
      sku: sku(line.skuIndex).id,
      quantity: random.int(1, line.picked),
      reason: late && random.chance(0.5) ? 'late_delivery' : random.pick(RETURN_REASONS),
      received_at: receivedAt,
      dispositioned_at: decided ? dispositionedAt : null,
      disposition: decided ? random.pick(DISPOSITIONS) : null,
    });
  }
  if (random.chance(0.12)) {
    const respondedAt = toSecond(deliveredAt + random.int(1, 6) * DAY + random.int(0, 600) * MINUTE);
    const roll = random.next();
    // On time: ~60% promoters, 15% detractors. Late: mostly detractors.
    const score = late
      ? roll < 0.55
        ? random.int(0, 6)
        : roll < 0.85
          ? random.int(7, 8)
          : random.int(9, 10)
      : roll < 0.15
        ? random.int(0, 6)
        : roll < 0.4
          ? random.int(7, 8)
          : random.int(9, 10);
    ctx.daily(customerFeedback, respondedAt, {
      response_id: `FB-${order.orderId.slice(3)}`,
      site_id: site.id,
      order_id: order.orderId,
      responded_at: respondedAt,
      score,
      comment: random.chance(0.3) ? random.pick(COMMENTS) : null,
    });
  }
}
