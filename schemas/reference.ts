/** Reference data: the site master, KPI targets and commentary, the 3PL / vendor rate cards, exchange rates and the action register. */
import { col, defineFeed } from './contract.js';
import { BILLED_ACTIVITIES } from './erp.js';
import { firstOfMonth, notBefore } from './rules.js';
import { isValidTimeZone } from './values.js';

export const sites = defineFeed({
  system: 'reference',
  feed: 'sites',
  version: '1.0.0',
  description: 'Site master: region, country and IANA timezone of every site (zone-less times are read in it).',
  cadence: 'snapshot',
  columns: {
    site_id: col.id('Site identifier used by every feed'),
    site_name: col.string('Site name', { maxLength: 200 }),
    region: col.string('Region the site rolls up to', { maxLength: 100 }),
    country: col.string('ISO 3166-1 alpha-2 country code', {
      maxLength: 2,
      pattern: /^[A-Z]{2}$/,
      patternHint: 'an ISO 3166-1 alpha-2 code such as US or DE',
    }),
    timezone: col.string('IANA timezone of the site, such as America/Chicago', { maxLength: 64 }),
    opened_on: col.date('Day the site started operating'),
  },
  primaryKey: ['site_id'],
  partitionBy: { site: 'site_id', date: 'opened_on' },
  // opened_on lies years back, before any projection start: Athena reads the whole (small) master.
  athenaPartitions: 'none',
  rules: [
    {
      name: 'timezone_valid',
      description: 'timezone must be an IANA timezone name such as Europe/Berlin',
      column: 'timezone',
      reads: ['timezone'],
      check: (row) => typeof row.timezone === 'string' && isValidTimeZone(row.timezone),
    },
  ],
});

export const kpiTargets = defineFeed({
  system: 'reference',
  feed: 'kpi_targets',
  version: '1.0.0',
  description: 'Targets per KPI, site and month; they override the KPI registry defaults.',
  cadence: 'monthly',
  columns: {
    kpi: col.string('KPI name from the KPI registry, such as on_time_delivery_rate', {
      maxLength: 64,
      pattern: /^[a-z][a-z0-9_]*$/,
      patternHint: 'a snake_case KPI name',
    }),
    site_id: col.id('Site the target applies to'),
    period_month: col.date('First day of the month the target applies to'),
    target_value: col.decimal('Target in the KPI unit', { scale: 4 }),
    amber_threshold: col.decimal(
      'How far on the wrong side of the target (in the KPI unit) a value is still amber, as in the KPI registry',
      {
        scale: 4,
        required: false,
      },
    ),
  },
  primaryKey: ['kpi', 'site_id', 'period_month'],
  partitionBy: { site: 'site_id', date: 'period_month' },
  // Targets are set for months ahead, after the projection's NOW.
  athenaPartitions: 'none',
  rules: [firstOfMonth('period_month')],
});

/**
 * Owners' commentary on a KPI for one scope and month: what happened and what is being done. A
 * corrected note is a new delivery of the same key; the latest ingested version is the one shown.
 */
export const kpiCommentary = defineFeed({
  system: 'reference',
  feed: 'kpi_commentary',
  version: '1.0.0',
  description:
    "KPI owners' notes per KPI, scope (site, region or company) and month, shown beside the KPI in the governance report.",
  cadence: 'monthly',
  columns: {
    kpi: col.string('KPI name from the KPI registry, such as on_time_delivery_rate', {
      maxLength: 64,
      pattern: /^[a-z][a-z0-9_]*$/,
      patternHint: 'a snake_case KPI name',
    }),
    scope_level: col.enum('What the note is about: one site, a region or the company', ['site', 'region', 'company']),
    scope_id: col.string("The site id, the region, or 'company'", { maxLength: 100 }),
    period_month: col.date('First day of the month the note is about'),
    note: col.string('The note: cause of the result and the action taken', { maxLength: 2000 }),
    author: col.string('Who wrote the note (the KPI owner or their delegate)', { maxLength: 200 }),
    written_at: col.timestamp('When the note was written'),
  },
  primaryKey: ['kpi', 'scope_level', 'scope_id', 'period_month'],
  partitionBy: { site: 'scope_id', date: 'period_month' },
  // scope_id is a site, a region or 'company': only sites are projected.
  athenaPartitions: 'none',
  rules: [firstOfMonth('period_month')],
});

/**
 * The contracted rates of each vendor / 3PL at a site: what the bill audit prices opslake's own
 * measured activity at (docs/bill-audit.md). A new rate is a new row with its own valid_from; the
 * old row's valid_to ends the day before.
 */
export const rateCards = defineFeed({
  system: 'reference',
  feed: 'rate_cards',
  version: '1.0.0',
  description:
    'Contracted vendor / 3PL rates per site and billed activity, with validity dates, the conversion from the activity opslake measures to the billed unit, and the quantity tolerance the audit accepts.',
  cadence: 'snapshot',
  columns: {
    vendor_id: col.id('Vendor / 3PL (erp vendor_invoices.vendor_id)'),
    site_id: col.id('Site the contract covers'),
    activity: col.enum('Billed activity the rate applies to', BILLED_ACTIVITIES),
    rate: col.decimal('Contracted rate per billed unit', { scale: 4, min: 0, unit: 'currency per activity unit' }),
    currency: col.currency(),
    valid_from: col.date('First service day the rate applies to'),
    valid_to: col.date('Last service day the rate applies to; empty while current', { required: false }),
    units_per_billed_unit: col.decimal(
      "How many units of opslake's measure make one billed unit, such as 40 received units per inbound pallet; 1 when the measure is the billed unit",
      { scale: 3, min: 0.001, unit: 'measured units per billed unit' },
    ),
    quantity_tolerance_pct: col.decimal(
      'How far the billed quantity may differ from the measured quantity and still be accepted, as a share of the measured quantity (0.005 = 0.5 %)',
      { scale: 4, min: 0, max: 1, unit: 'ratio' },
    ),
  },
  primaryKey: ['vendor_id', 'site_id', 'activity', 'valid_from'],
  partitionBy: { site: 'site_id', date: 'valid_from' },
  rules: [notBefore('valid_to', 'valid_from')],
});

/**
 * Monthly average exchange rates into the reporting currency (dbt var `reporting_currency`). IAS 21
 * §39–40 translates income and expenses at the rates of the transaction dates, and allows the
 * period's average rate when rates do not swing much within it — costs, budgets and invoices are
 * booked per month, so one average rate per currency pair and month converts them all.
 */
export const fxRates = defineFeed({
  system: 'reference',
  feed: 'fx_rates',
  version: '1.0.0',
  description:
    'Average exchange rate per currency pair and month (units of to_currency per one from_currency), for translating site money into the reporting currency.',
  cadence: 'monthly',
  columns: {
    from_currency: col.currency('ISO 4217 code of the currency the amounts are booked in'),
    to_currency: col.currency('ISO 4217 code of the currency they are translated into'),
    period_month: col.date('First day of the month the average rate covers'),
    average_rate: col.decimal('Average rate over the month: units of to_currency for one from_currency', {
      scale: 8,
      min: 0.00000001,
      unit: 'to_currency per from_currency',
    }),
    rate_source: col.string('Who published the rate, such as ECB or the treasury system', {
      maxLength: 100,
      required: false,
    }),
  },
  primaryKey: ['from_currency', 'to_currency', 'period_month'],
  // The lake partitions every feed by a site column; a rate belongs to no site, so its source
  // currency stands in (site=EUR/dt=2026-03-01) — which Athena's site projection would hide: it
  // reads the whole (small) table instead.
  partitionBy: { site: 'from_currency', date: 'period_month' },
  athenaPartitions: 'none',
  rules: [
    firstOfMonth('period_month'),
    {
      // A currency translates into itself at exactly 1; a delivered rate for it could only be wrong.
      name: 'to_currency_not_from_currency',
      description: 'to_currency must differ from from_currency (a currency converts into itself at 1)',
      column: 'to_currency',
      reads: ['from_currency', 'to_currency'],
      check: (row) => row.from_currency !== row.to_currency,
    },
  ],
});

/**
 * The action register: improvement, corrective and preventive actions, each aimed at one KPI of one
 * site (docs/action-register.md). A status change is a new delivery of the same action_id.
 */
export const actions = defineFeed({
  system: 'reference',
  feed: 'actions',
  version: '1.0.0',
  description:
    'Improvement, corrective and preventive actions per site and KPI: owner, dates, status, expected impact in the KPI unit and estimated cost.',
  cadence: 'snapshot',
  columns: {
    action_id: col.id('Action identifier'),
    site_id: col.id('Site the action is for'),
    kpi: col.string('KPI the action targets, from the KPI registry', {
      maxLength: 64,
      pattern: /^[a-z][a-z0-9_]*$/,
      patternHint: 'a snake_case KPI name',
    }),
    title: col.string('What will be done', { maxLength: 300 }),
    action_type: col.enum('Kind of action', ['improvement', 'corrective', 'preventive']),
    root_cause: col.string('Root cause the action addresses', { maxLength: 1000, required: false }),
    owner: col.string('Who is accountable', { maxLength: 200 }),
    opened_on: col.date('Day the action was raised'),
    due_on: col.date('Day the action is due'),
    closed_on: col.date('Day the action was completed; empty while open', { required: false }),
    status: col.enum('Where the action stands', ['open', 'in_progress', 'closed', 'cancelled']),
    expected_impact: col.decimal('Improvement expected, in the KPI unit, towards the KPI target (always ≥ 0)', {
      scale: 4,
      min: 0,
      unit: 'KPI unit',
    }),
    estimated_cost: col.money('Estimated cost of the action', { min: 0, required: false }),
    currency: col.currency(),
  },
  primaryKey: ['action_id'],
  partitionBy: { site: 'site_id', date: 'opened_on' },
  // A register, not an event feed: actions opened before the projection start (or years ago) must
  // stay visible while open, so Athena reads the whole (small) table.
  athenaPartitions: 'none',
  rules: [
    notBefore('due_on', 'opened_on'),
    notBefore('closed_on', 'opened_on'),
    {
      name: 'closed_has_date',
      description: 'closed_on is given exactly when status is closed',
      column: 'closed_on',
      reads: ['status', 'closed_on'],
      check: (row) => (row.status === 'closed') === (row.closed_on !== null),
    },
  ],
});
