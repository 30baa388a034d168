/**
 * 7 Data products: the month's bill audit (billing accuracy, disputed and accrued amounts per
 * currency, top disputes), carrier and vendor scorecards, the action register and the labour plan
 * — the same reads as the dashboard's /products page (functions/products/queries.ts).
 */
import type { ProductRow } from '../../products/queries.js';
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';

/** Rows per table: the report shows the top of each list and says how many it left out. */
const TOP = 12;

const pct = (v: unknown) => (v === null || v === undefined ? '–' : `${(Number(v) * 100).toFixed(1)} %`);
const num = (v: unknown, digits = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const money = (v: unknown, currency: unknown) =>
  v === null || v === undefined ? '–' : `${Number(v).toFixed(2)} ${String(currency ?? '')}`.trim();
const cell = (v: unknown) => (v === null || v === undefined ? '–' : String(v));

function table(
  caption: string,
  headers: readonly string[],
  rows: readonly ProductRow[],
  row: (r: ProductRow) => unknown[],
): Html {
  const shown = rows.slice(0, TOP);
  const more = rows.length - shown.length;
  const body = shown.length
    ? shown.map((r) => html`<tr>${row(r).map((v) => html`<td>${cell(v)}</td>`)}</tr>`)
    : html`<tr><td colspan="${headers.length}">none</td></tr>`;
  return html`<h2>${caption}</h2>
  <table class="products"><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${body}</tbody></table>
  ${more > 0 ? html`<p class="note">… and ${more} more (the dashboard's Data products page lists all).</p>` : ''}`;
}

function billAudit(data: ReportData): Html {
  const audit = data.products.billAudit;
  return html`${table(
    'Bill audit: billing accuracy, disputed and accrued amounts',
    ['currency', 'invoice lines', 'disputed', 'billing accuracy', 'billed', 'overbilled', 'accrual (not invoiced)'],
    audit.summary,
    (s) => [
      s.currency_code,
      s.invoice_lines,
      s.disputed_lines,
      pct(s.billing_accuracy_rate),
      money(s.billed_amount, s.currency_code),
      money(s.overbilled_amount, s.currency_code),
      money(s.accrual_amount, s.currency_code),
    ],
  )}
  ${table(
    'Top disputes',
    ['vendor', 'invoice', 'line', 'site', 'activity', 'reason', 'billed', 'expected', 'variance'],
    audit.disputes,
    (d) => [
      d.vendor_id,
      d.invoice_id,
      d.line_number,
      d.site_id,
      d.activity,
      d.dispute_reason,
      money(d.billed_amount, d.currency_code),
      money(d.expected_amount, d.currency_code),
      money(d.amount_variance, d.currency_code),
    ],
  )}`;
}

function scorecards(data: ReportData): Html {
  const cards = data.products.scorecards;
  return html`${table(
    'Carrier scorecard',
    ['site', 'carrier', 'rank', 'shipments', 'share', 'on time', '12 months', 'damage', 'cost / unit'],
    cards.carriers,
    (r) => [
      r.site_id,
      r.carrier_id,
      r.on_time_rank,
      r.shipments,
      pct(r.volume_share),
      pct(r.on_time_rate),
      pct(r.on_time_rate_12m),
      pct(r.damage_rate),
      money(r.freight_cost_per_unit, r.currency_code),
    ],
  )}
  ${table(
    'Vendor scorecard',
    ['site', 'vendor', 'rank', 'lines', 'in full', '12 months', 'defects', 'billing accuracy', 'cost / unit'],
    cards.vendors,
    (r) => [
      r.site_id,
      r.vendor_id,
      r.in_full_rank,
      r.receipt_lines,
      pct(r.in_full_rate),
      pct(r.in_full_rate_12m),
      pct(r.defect_rate),
      pct(r.billing_accuracy_rate),
      money(r.billed_cost_per_unit_shipped, r.currency_code),
    ],
  )}`;
}

function actions(data: ReportData): Html {
  const a = data.products.actions;
  return html`${table('Red KPIs with no action', ['site', 'KPI', 'value', 'target'], a.redWithoutAction, (r) => [
    r.site_id,
    r.kpi,
    num(r.kpi_value),
    num(r.target_value),
  ])}
  ${table('Overdue actions', ['action', 'site', 'KPI', 'title', 'owner', 'due', 'days overdue'], a.overdue, (r) => [
    r.action_id,
    r.site_id,
    r.kpi,
    r.title,
    r.owner,
    r.due_on,
    r.days_overdue,
  ])}
  ${table(
    'Backlog by expected impact ÷ cost',
    ['action', 'site', 'KPI', 'title', 'impact', 'cost', 'impact ÷ cost'],
    a.backlog,
    (r) => [
      r.action_id,
      r.site_id,
      r.kpi,
      r.title,
      num(r.expected_impact),
      money(r.estimated_cost, r.currency_code),
      num(r.impact_per_cost, 4),
    ],
  )}
  ${table(
    'Closed actions: KPI before and after',
    ['action', 'site', 'KPI', 'closed', 'before', 'after', 'change', 'window (months)'],
    a.beforeAfter,
    (r) => [
      r.action_id,
      r.site_id,
      r.kpi,
      r.closed_on,
      num(r.before_value),
      num(r.after_value),
      num(r.change),
      r.window_months,
    ],
  )}`;
}

function labour(data: ReportData): Html {
  const plan = data.products.labourPlan;
  return html`${table(
    'Labour plan: staffing gap per site and week (scheduled − required direct hours)',
    ['site', 'week', 'forecast units', 'required h', 'scheduled h', 'gap h'],
    plan.weeks,
    (r) => [
      r.site_id,
      r.week_start,
      num(r.forecast_units, 0),
      num(r.required_direct_hours, 1),
      r.is_fully_scheduled ? num(r.scheduled_direct_hours, 1) : 'not fully scheduled',
      num(r.staffing_gap_hours, 1),
    ],
  )}
  ${table('Forecast backtest (last 8 weeks)', ['site', 'days scored', 'MAPE', 'bias'], plan.backtest, (r) => [
    r.site_id,
    r.days_scored,
    pct(r.mape),
    pct(r.bias_pct),
  ])}`;
}

export function productsSection(data: ReportData): Html {
  return html`<section class="page">
  ${sectionHeading('products')}
  ${billAudit(data)}
  ${scorecards(data)}
  ${actions(data)}
  ${labour(data)}
</section>`;
}
