/** WMS feeds: inbound receipts, order-line events, cycle counts, pallet positions, returns and quality checks. */
import { col, defineFeed } from './contract.js';
import { bothOrNeither, notAbove, notBefore } from './rules.js';

export const receipts = defineFeed({
  system: 'wms',
  feed: 'receipts',
  version: '1.0.0',
  description: 'Inbound receipts: one row per received PO line, from dock arrival to put-away.',
  cadence: 'daily',
  columns: {
    receipt_id: col.id('Receipt line identifier'),
    site_id: col.id('Receiving site'),
    vendor_id: col.id('Supplier that shipped the goods'),
    po_number: col.id('Purchase order number'),
    sku: col.id('Stock keeping unit received'),
    expected_qty: col.integer('Units expected on the purchase order line', { min: 0, unit: 'units' }),
    received_qty: col.integer('Units received', { min: 0, unit: 'units' }),
    arrived_at: col.timestamp('When the goods arrived at the dock'),
    put_away_at: col.timestamp('When put-away to a storage location completed; empty while pending', {
      required: false,
    }),
  },
  primaryKey: ['receipt_id'],
  partitionBy: { site: 'site_id', date: 'arrived_at' },
  rules: [notBefore('put_away_at', 'arrived_at')],
});

export const orderEvents = defineFeed({
  system: 'wms',
  feed: 'order_events',
  version: '1.0.0',
  description: 'Fulfilment events per order line: picked, packed and shipped, with quantity and time.',
  cadence: 'daily',
  columns: {
    event_id: col.id('Event identifier'),
    site_id: col.id('Fulfilling site'),
    order_id: col.id('Sales order (erp sales_orders.order_id)'),
    line_number: col.integer('Order line (erp sales_order_lines.line_number)', { min: 1 }),
    sku: col.id('Stock keeping unit handled'),
    event_type: col.enum('Fulfilment step', ['picked', 'packed', 'shipped']),
    quantity: col.integer('Units handled in this event', { min: 0, unit: 'units' }),
    event_at: col.timestamp('When the step was confirmed'),
    employee_id: col.id('Worker who confirmed the step (pseudonymised)', {
      required: false,
      privacy: 'pseudonymised',
    }),
  },
  primaryKey: ['event_id'],
  partitionBy: { site: 'site_id', date: 'event_at' },
});

export const inventoryCounts = defineFeed({
  system: 'wms',
  feed: 'inventory_counts',
  version: '1.0.0',
  description: 'Cycle-count lines: system quantity versus counted quantity at a location, with unit cost.',
  cadence: 'daily',
  columns: {
    count_id: col.id('Count line identifier'),
    site_id: col.id('Counting site'),
    sku: col.id('Stock keeping unit counted'),
    location_id: col.id('Storage location counted'),
    counted_at: col.timestamp('When the count was confirmed'),
    system_qty: col.integer('Quantity on hand in the WMS before the count', { unit: 'units' }),
    counted_qty: col.integer('Quantity physically counted', { min: 0, unit: 'units' }),
    unit_cost: col.money('Standard cost per unit', { min: 0 }),
    currency: col.currency(),
  },
  primaryKey: ['count_id'],
  partitionBy: { site: 'site_id', date: 'counted_at' },
});

/** The storage a 3PL bills as pallet-days: one row per site and local day (docs/bill-audit.md). */
export const palletPositions = defineFeed({
  system: 'wms',
  feed: 'pallet_positions',
  version: '1.0.0',
  description: 'Pallet positions occupied per site and local day, from the WMS location snapshot.',
  cadence: 'daily',
  columns: {
    site_id: col.id('Storing site'),
    snapshot_date: col.date('Local calendar day of the snapshot'),
    pallet_positions: col.integer('Pallet positions holding stock that day', { min: 0, unit: 'pallets' }),
  },
  primaryKey: ['site_id', 'snapshot_date'],
  partitionBy: { site: 'site_id', date: 'snapshot_date' },
});

export const returns = defineFeed({
  system: 'wms',
  feed: 'returns',
  version: '1.0.0',
  description: 'Customer returns: received at the site, then dispositioned (restock, refurbish, scrap, RTV).',
  cadence: 'daily',
  columns: {
    return_id: col.id('Return line identifier'),
    site_id: col.id('Site that received the return'),
    order_id: col.id('Original sales order'),
    sku: col.id('Stock keeping unit returned'),
    quantity: col.integer('Units returned', { min: 1, unit: 'units' }),
    reason: col.enum('Customer return reason', [
      'damaged',
      'defective',
      'wrong_item',
      'late_delivery',
      'not_needed',
      'other',
    ]),
    received_at: col.timestamp('When the return arrived at the site'),
    dispositioned_at: col.timestamp('When a disposition was decided; empty while pending', { required: false }),
    disposition: col.enum('Decision taken', ['restock', 'refurbish', 'scrap', 'return_to_vendor'], {
      required: false,
    }),
  },
  primaryKey: ['return_id'],
  partitionBy: { site: 'site_id', date: 'received_at' },
  rules: [notBefore('dispositioned_at', 'received_at'), bothOrNeither('dispositioned_at', 'disposition')],
});

export const qualityChecks = defineFeed({
  system: 'wms',
  feed: 'quality_checks',
  version: '1.0.0',
  description: 'Quality inspections of inbound receipts, outbound orders or work in process.',
  cadence: 'daily',
  columns: {
    check_id: col.id('Inspection identifier'),
    site_id: col.id('Inspecting site'),
    check_type: col.enum('What was inspected', ['inbound', 'outbound', 'in_process']),
    reference_id: col.id('Receipt or order inspected'),
    checked_at: col.timestamp('When the inspection finished'),
    inspected_units: col.integer('Units inspected', { min: 0, unit: 'units' }),
    defective_units: col.integer('Units found defective', { min: 0, unit: 'units' }),
    passed_first_time: col.boolean('True when the check passed without rework or re-inspection'),
  },
  primaryKey: ['check_id'],
  partitionBy: { site: 'site_id', date: 'checked_at' },
  rules: [notAbove('defective_units', 'inspected_units')],
});
