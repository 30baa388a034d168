/**
 * Inbound and stock, for one site and day: vendor receipts from dock arrival to put-away (with
 * inbound quality checks) and cycle counts whose misses lean negative, as shrinkage does.
 */
import { inventoryCounts, palletPositions, qualityChecks, receipts } from '../../schemas/wms.js';
import { DAY, dayText, HOUR, isWeekend, weekday } from './calendar.js';
import { SKU_COUNT, sku } from './catalogue.js';
import { type SiteContext, toSecond } from './site-context.js';

/** Units received per local day: receiving is direct labour too. */
export type ReceivedUnits = Map<number, number>;

export function simulateReceipts(ctx: SiteContext, day: number, received: ReceivedUnits): void {
  const { random, site } = ctx;
  const count = isWeekend(day)
    ? weekday(day) === 5
      ? random.int(0, 2)
      : 0
    : Math.round((site.baseOrders / 5) * (0.8 + 0.4 * random.next()));
  const ymd = dayText(day).replaceAll('-', '');
  for (let n = 1; n <= count; n++) {
    const receiptId = `RC-${site.id}-${ymd}-${String(n).padStart(3, '0')}`;
    const item = sku(random.int(0, SKU_COUNT - 1));
    const expected = random.int(2, 20) * 24;
    const roll = random.next();
    const receivedQty =
      roll < 0.92 ? expected : roll < 0.97 ? expected - random.int(1, 23) : expected + random.int(1, 12);
    const arrivedAt = toSecond(day * DAY + (5 + random.next() * 10) * HOUR);
    // Dock-to-stock: mostly within the site's norm, with a tail of pallets left for the next day.
    const dwell = site.dockToStockHours * (0.3 + 1.4 * random.next()) + (random.chance(0.05) ? 24 : 0);
    const putAwayAt = toSecond(arrivedAt + dwell * HOUR);
    ctx.daily(receipts, arrivedAt, {
      receipt_id: receiptId,
      site_id: site.id,
      vendor_id: `VND-${String(random.int(1, 8)).padStart(3, '0')}`,
      po_number: `PO-${site.id}-${ymd.slice(0, 6)}-${String(random.int(1, 400)).padStart(4, '0')}`,
      sku: item.id,
      expected_qty: expected,
      received_qty: receivedQty,
      arrived_at: arrivedAt,
      put_away_at: ctx.happened(putAwayAt) ? putAwayAt : null,
    });
    received.set(day, (received.get(day) ?? 0) + receivedQty);
    ctx.month(day).unitsReceived += receivedQty;
    if (random.chance(0.15)) {
      const inspected = Math.min(receivedQty, random.int(5, 30));
      const defective = random.chance(0.06) ? random.int(1, Math.min(4, inspected)) : 0;
      const checkedAt = toSecond(arrivedAt + (0.5 + random.next() * 1.5) * HOUR);
      ctx.daily(qualityChecks, checkedAt, {
        check_id: `QC-${receiptId.slice(3)}`,
        site_id: site.id,
        check_type: 'inbound',
        reference_id: receiptId,
        checked_at: checkedAt,
        inspected_units: inspected,
        defective_units: defective,
        passed_first_time: defective === 0 && !random.chance(0.03),
      });
    }
  }
}

export function simulateCycleCounts(ctx: SiteContext, day: number): void {
  const { random, site } = ctx;
  // Pallet positions in use: grows with the season, billed by the 3PL as storage pallet-days.
  const pallets = Math.round(site.baseOrders * 30 * (0.9 + 0.2 * random.next()));
  ctx.month(day).palletDaysStored += pallets;
  ctx.daily(palletPositions, day * DAY, { site_id: site.id, snapshot_date: day, pallet_positions: pallets });
  ctx.month(day).daysSimulated++;
  if (isWeekend(day)) return;
  const ymd = dayText(day).replaceAll('-', '');
  const count = random.int(15, 35);
  for (let n = 1; n <= count; n++) {
    const item = sku(random.int(0, SKU_COUNT - 1));
    const systemQty = random.int(0, 400);
    let countedQty = systemQty;
    if (!random.chance(site.countAccuracy)) {
      const delta = random.chance(0.7) ? -random.int(1, 6) : random.int(1, 3);
      countedQty = Math.max(0, systemQty + delta);
    }
    const countedAt = toSecond(day * DAY + (9 + random.next() * 8) * HOUR);
    ctx.daily(inventoryCounts, countedAt, {
      count_id: `CC-${site.id}-${ymd}-${String(n).padStart(3, '0')}`,
      site_id: site.id,
      sku: item.id,
      location_id: `A${random.int(1, 20)}-${random.int(1, 40)}-${random.int(1, 5)}`,
      counted_at: countedAt,
      system_qty: systemQty,
      counted_qty: countedQty,
      unit_cost: item.costCents,
      currency: site.currency,
    });
  }
}
