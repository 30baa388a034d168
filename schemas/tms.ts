/** TMS (transport management) feeds: shipments and the carrier master. */
import { col, defineFeed } from './contract.js';
import { notBefore } from './rules.js';

export const shipments = defineFeed({
  system: 'tms',
  feed: 'shipments',
  // 1.1.0: no rule that the promise is not before the ship time — a shipment leaving after its
  // promised delivery is late, the latest there is, and must count in on-time delivery.
  version: '1.1.0',
  description: 'One row per shipment handed to a carrier, updated as it is delivered.',
  cadence: 'daily',
  columns: {
    shipment_id: col.id('Shipment identifier, unique across sites'),
    order_id: col.id('Sales order this shipment fulfils (ERP sales_orders.order_id)'),
    site_id: col.id('Shipping site (reference sites.site_id)'),
    carrier_id: col.id('Carrier that moved the shipment (tms carriers.carrier_id)'),
    service_level: col.enum('Carrier service level', ['ground', 'express', 'freight', 'ltl']),
    shipped_at: col.timestamp('When the carrier picked the shipment up'),
    promised_delivery_at: col.timestamp('Delivery time promised to the customer'),
    delivered_at: col.timestamp('Proof-of-delivery time; empty while in transit', { required: false }),
    status: col.enum('Shipment status', ['in_transit', 'delivered', 'exception', 'cancelled']),
    units: col.integer('Units in the shipment', { min: 0, unit: 'units' }),
    weight_kg: col.decimal('Gross weight', { scale: 3, min: 0, unit: 'kg' }),
    freight_cost: col.money('Freight cost billed by the carrier', { min: 0 }),
    currency: col.currency(),
  },
  primaryKey: ['shipment_id'],
  partitionBy: { site: 'site_id', date: 'shipped_at' },
  rules: [
    notBefore('delivered_at', 'shipped_at', 'delivered_not_before_shipped'),
    {
      name: 'delivered_has_time',
      description: 'a shipment with status delivered must have delivered_at',
      column: 'delivered_at',
      reads: ['status', 'delivered_at'],
      check: (row) => row.status !== 'delivered' || row.delivered_at !== null,
    },
  ],
});

export const carriers = defineFeed({
  system: 'tms',
  feed: 'carriers',
  version: '1.0.0',
  description: 'Carrier master: one row per carrier a site contracts with.',
  cadence: 'snapshot',
  columns: {
    carrier_id: col.id('Carrier identifier'),
    site_id: col.id('Site holding the contract with the carrier'),
    carrier_name: col.string('Carrier trading name', { maxLength: 200 }),
    mode: col.enum('Transport mode', ['parcel', 'ltl', 'ftl', 'air']),
    contracted_on_time_target: col.decimal('On-time rate the carrier contracted to', {
      scale: 4,
      min: 0,
      max: 1,
      unit: 'ratio',
    }),
    valid_from: col.date('First day the contract applies'),
  },
  primaryKey: ['carrier_id', 'site_id'],
  partitionBy: { site: 'site_id', date: 'valid_from' },
  // valid_from can lie before the projection start; a small master.
  athenaPartitions: 'none',
});
