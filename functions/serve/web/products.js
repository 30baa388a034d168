// The data products page (/products): bill audit, carrier and vendor scorecards, action register
// and labour plan for the chosen scope and month, each table from /api/products/* (docs/dashboard.md).
import { getJson, urlOf } from './api.js';
import { el, table } from './views.js';

const pct = (v) => (v === null || v === undefined ? '' : `${(Number(v) * 100).toFixed(1)} %`);
const num = (v, digits = 2) => (v === null || v === undefined ? '' : Number(v).toFixed(digits));
const money = (v, currency) =>
  v === null || v === undefined ? '' : `${Number(v).toFixed(2)} ${currency ?? ''}`.trim();

function download(href, label) {
  return el('p', {}, el('a', { href, download: '' }, label));
}

function billAuditSection(audit, params) {
  return el(
    'section',
    { 'aria-labelledby': 'bill-audit-h' },
    el('h2', { id: 'bill-audit-h' }, 'Bill audit'),
    table(
      'Billing accuracy, disputed and accrued amounts (per currency)',
      ['Currency', 'Invoice lines', 'Disputed', 'Billing accuracy', 'Billed', 'Overbilled', 'Accrual (not invoiced)'],
      audit.summary.map((s) => [
        s.currency_code,
        s.invoice_lines,
        s.disputed_lines,
        pct(s.billing_accuracy_rate),
        money(s.billed_amount, s.currency_code),
        money(s.overbilled_amount, s.currency_code),
        money(s.accrual_amount, s.currency_code),
      ]),
      { 'data-testid': 'bill-audit-summary' },
    ),
    download(urlOf('/api/products/disputes.csv', params), 'Download the dispute list (CSV)'),
    table(
      'Disputes',
      ['Vendor', 'Invoice', 'Line', 'Site', 'Activity', 'Reason', 'Billed', 'Expected', 'Variance'],
      audit.disputes.map((d) => [
        d.vendor_id,
        d.invoice_id,
        d.line_number,
        d.site_id,
        d.activity,
        d.dispute_reason,
        money(d.billed_amount, d.currency_code),
        money(d.expected_amount, d.currency_code),
        money(d.amount_variance, d.currency_code),
      ]),
      { 'data-testid': 'disputes' },
    ),
  );
}

function scorecardSection(cards, params) {
  return el(
    'section',
    { 'aria-labelledby': 'scorecards-h' },
    el('h2', { id: 'scorecards-h' }, 'Scorecards'),
    download(urlOf('/api/products/carrier-scorecard.csv', params), 'Download the carrier scorecard (CSV)'),
    table(
      'Carriers',
      ['Site', 'Carrier', 'Rank', 'Shipments', 'Share', 'On time', '12 months', 'Damage', 'Cost / unit'],
      cards.carriers.map((r) => [
        r.site_id,
        r.carrier_id,
        r.on_time_rank,
        r.shipments,
        pct(r.volume_share),
        pct(r.on_time_rate),
        pct(r.on_time_rate_12m),
        pct(r.damage_rate),
        money(r.freight_cost_per_unit, r.currency_code),
      ]),
      { 'data-testid': 'carrier-scorecard' },
    ),
    download(urlOf('/api/products/vendor-scorecard.csv', params), 'Download the vendor scorecard (CSV)'),
    table(
      'Vendors',
      ['Site', 'Vendor', 'Rank', 'Lines', 'In full', '12 months', 'Defects', 'Billing accuracy', 'Cost / unit'],
      cards.vendors.map((r) => [
        r.site_id,
        r.vendor_id,
        r.in_full_rank,
        r.receipt_lines,
        pct(r.in_full_rate),
        pct(r.in_full_rate_12m),
        pct(r.defect_rate),
        pct(r.billing_accuracy_rate),
        money(r.billed_cost_per_unit_shipped, r.currency_code),
      ]),
      { 'data-testid': 'vendor-scorecard' },
    ),
  );
}

function actionsSection(actions) {
  return el(
    'section',
    { 'aria-labelledby': 'actions-h' },
    el('h2', { id: 'actions-h' }, 'Action register'),
    table(
      'Red KPIs with no action',
      ['Site', 'KPI', 'Value', 'Target'],
      actions.redWithoutAction.map((r) => [r.site_id, r.kpi, num(r.kpi_value), num(r.target_value)]),
      { 'data-testid': 'red-without-action' },
    ),
    table(
      'Overdue actions',
      ['Action', 'Site', 'KPI', 'Title', 'Owner', 'Due', 'Days overdue'],
      actions.overdue.map((r) => [r.action_id, r.site_id, r.kpi, r.title, r.owner, r.due_on, r.days_overdue]),
      { 'data-testid': 'overdue-actions' },
    ),
    table(
      'Backlog by expected impact ÷ cost',
      ['Action', 'Site', 'KPI', 'Title', 'Impact', 'Cost', 'Impact ÷ cost', 'Rank in KPI'],
      actions.backlog.map((r) => [
        r.action_id,
        r.site_id,
        r.kpi,
        r.title,
        num(r.expected_impact),
        money(r.estimated_cost, r.currency_code),
        num(r.impact_per_cost, 4),
        r.rank_in_kpi,
      ]),
      { 'data-testid': 'backlog' },
    ),
    table(
      'Closed actions: KPI before and after',
      ['Action', 'Site', 'KPI', 'Closed', 'Before', 'After', 'Change', 'Window (months)'],
      actions.beforeAfter.map((r) => [
        r.action_id,
        r.site_id,
        r.kpi,
        r.closed_on,
        num(r.before_value),
        num(r.after_value),
        num(r.change),
        `${r.window_months}${r.is_after_complete ? '' : ' (after incomplete)'}`,
      ]),
      { 'data-testid': 'before-after' },
    ),
  );
}

function labourSection(plan) {
  return el(
    'section',
    { 'aria-labelledby': 'labour-h' },
    el('h2', { id: 'labour-h' }, 'Labour plan'),
    table(
      'Staffing gap per site and week (scheduled − required direct hours)',
      ['Site', 'Week', 'Forecast units', 'Required h', 'Scheduled h', 'Gap h'],
      plan.weeks.map((r) => [
        r.site_id,
        r.week_start,
        num(r.forecast_units, 0),
        num(r.required_direct_hours, 1),
        r.is_fully_scheduled ? num(r.scheduled_direct_hours, 1) : 'not fully scheduled',
        num(r.staffing_gap_hours, 1),
      ]),
      { 'data-testid': 'staffing-gap' },
    ),
    table(
      'Forecast backtest',
      ['Site', 'Days scored', 'MAPE', 'Bias'],
      plan.backtest.map((r) => [r.site_id, r.days_scored, pct(r.mape), pct(r.bias_pct)]),
      { 'data-testid': 'backtest' },
    ),
  );
}

export async function renderProducts(state, meta) {
  const params = { scope: state.scope, month: state.month ?? meta.defaultMonth };
  const [audit, cards, actions, plan] = await Promise.all([
    getJson('/api/products/bill-audit', params),
    getJson('/api/products/scorecards', params),
    getJson('/api/products/actions', params),
    getJson('/api/products/labour-plan', { scope: state.scope }),
  ]);
  return {
    nodes: [
      el('h1', {}, `Data products — ${params.month}`),
      billAuditSection(audit, params),
      scorecardSection(cards, params),
      actionsSection(actions),
      labourSection(plan),
    ],
    periodLabel: params.month,
  };
}
