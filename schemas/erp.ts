/** ERP feeds: orders and their lines, monthly costs and budgets, vendor bills, customer feedback. */
import { col, defineFeed } from './contract.js';
import { firstOfMonth, notBefore } from './rules.js';

export const COST_CATEGORIES = ['labour', 'vendor_3pl', 'facilities', 'transport', 'other'] as const;

/** What a 3PL or vendor bills for: the invoice lines' and the rate card's activity. */
export const BILLED_ACTIVITIES = [
  'storage_pallet_days',
  'inbound_pallets',
  'outbound_orders',
  'picks',
  'value_added_services',
  'transport',
] as const;

export const salesOrders = defineFeed({
  system: 'erp',
  feed: 'sales_orders',
  version: '1.0.0',
  description: 'Sales order headers: one row per customer order, as created in the ERP.',
  cadence: 'daily',
  columns: {
    order_id: col.id('Sales order identifier, unique across sites'),
    site_id: col.id('Fulfilling site (reference sites.site_id)'),
    customer_id: col.id('Customer account', { privacy: 'pseudonymised' }),
    channel: col.enum('Sales channel', ['b2b', 'b2c', 'marketplace']),
    created_at: col.timestamp('When the order was entered'),
    promised_delivery_at: col.timestamp('Delivery time promised to the customer at order entry'),
    order_status: col.enum('ERP order status', ['open', 'released', 'shipped', 'delivered', 'cancelled']),
    order_value: col.money('Net order value', { min: 0 }),
    currency: col.currency(),
  },
  primaryKey: ['order_id'],
  partitionBy: { site: 'site_id', date: 'created_at' },
  rules: [notBefore('promised_delivery_at', 'created_at')],
});

export const salesOrderLines = defineFeed({
  system: 'erp',
  feed: 'sales_order_lines',
  version: '1.0.0',
  description: 'Sales order lines: one row per SKU ordered on an order.',
  cadence: 'daily',
  columns: {
    order_id: col.id('Sales order (erp sales_orders.order_id)'),
    line_number: col.integer('Line number within the order', { min: 1 }),
    site_id: col.id('Fulfilling site'),
    sku: col.id('Stock keeping unit ordered'),
    ordered_qty: col.integer('Units ordered', { min: 1, unit: 'units' }),
    unit_price: col.money('Net price per unit', { min: 0 }),
    currency: col.currency(),
    created_at: col.timestamp('When the line was entered (same as its order)'),
  },
  primaryKey: ['order_id', 'line_number'],
  partitionBy: { site: 'site_id', date: 'created_at' },
});

export const glCosts = defineFeed({
  system: 'erp',
  feed: 'gl_costs',
  version: '1.0.0',
  description: 'Actual operating cost per site, month, cost category and GL account, from the general ledger.',
  cadence: 'monthly',
  columns: {
    site_id: col.id('Site the cost is booked to'),
    period_month: col.date('First day of the accounting month'),
    cost_category: col.enum('Operating cost category', COST_CATEGORIES),
    gl_account: col.id('General-ledger account number'),
    amount: col.money('Actual cost booked (credits negative)'),
    currency: col.currency(),
  },
  primaryKey: ['site_id', 'period_month', 'cost_category', 'gl_account'],
  partitionBy: { site: 'site_id', date: 'period_month' },
  rules: [firstOfMonth('period_month')],
});

export const budgets = defineFeed({
  system: 'erp',
  feed: 'budgets',
  version: '1.0.0',
  description: 'Budgeted operating cost per site, month and cost category.',
  cadence: 'monthly',
  columns: {
    site_id: col.id('Site the budget belongs to'),
    period_month: col.date('First day of the budget month'),
    cost_category: col.enum('Operating cost category', COST_CATEGORIES),
    budget_amount: col.money('Budgeted cost', { min: 0 }),
    currency: col.currency(),
  },
  primaryKey: ['site_id', 'period_month', 'cost_category'],
  partitionBy: { site: 'site_id', date: 'period_month' },
  // Budgets are set for the months ahead, after the projection's NOW.
  athenaPartitions: 'none',
  rules: [firstOfMonth('period_month')],
});

export const vendorInvoices = defineFeed({
  system: 'erp',
  feed: 'vendor_invoices',
  version: '1.0.0',
  description:
    '3PL and vendor billing lines: activity billed, quantity, the contracted rate and the amount billed. Expected = quantity × contracted_rate.',
  cadence: 'monthly',
  columns: {
    invoice_id: col.id('Vendor invoice number'),
    line_number: col.integer('Line on the invoice', { min: 1 }),
    site_id: col.id('Site the service was delivered to'),
    vendor_id: col.id('Vendor / 3PL identifier'),
    invoice_date: col.date('Invoice date'),
    service_month: col.date('First day of the month the service was delivered in'),
    activity: col.enum('Billed activity', BILLED_ACTIVITIES),
    quantity: col.decimal('Activity quantity billed', { scale: 3, min: 0, unit: 'activity units' }),
    contracted_rate: col.decimal('Rate per activity unit in the contract rate card', {
      scale: 4,
      min: 0,
      unit: 'currency per activity unit',
    }),
    billed_amount: col.money('Amount billed on this line', { min: 0 }),
    currency: col.currency(),
  },
  primaryKey: ['invoice_id', 'line_number'],
  partitionBy: { site: 'site_id', date: 'invoice_date' },
  rules: [firstOfMonth('service_month')],
});

export const customerFeedback = defineFeed({
  system: 'erp',
  feed: 'customer_feedback',
  version: '1.0.0',
  description: 'Post-delivery survey responses: likelihood-to-recommend score 0–10.',
  cadence: 'daily',
  columns: {
    response_id: col.id('Survey response identifier'),
    site_id: col.id('Site that fulfilled the order'),
    order_id: col.id('Order the response is about', { required: false }),
    responded_at: col.timestamp('When the customer answered'),
    score: col.integer('Likelihood to recommend, 0 (not at all) to 10 (extremely)', {
      min: 0,
      max: 10,
      unit: 'score 0–10',
    }),
    comment: col.string('Free-text comment', { required: false, maxLength: 2000 }),
  },
  primaryKey: ['response_id'],
  partitionBy: { site: 'site_id', date: 'responded_at' },
});
