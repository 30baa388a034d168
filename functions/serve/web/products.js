// The data products page (/products): bill audit, carrier and vendor scorecards, action register
// and labour plan for the chosen scope and month, each table from /api/products/* (docs/dashboard.md)
// with the columns the report prints too (functions/products/columns.ts, served as /products/columns.js).
import {
  BACKLOG,
  BACKTEST,
  BEFORE_AFTER,
  BILL_AUDIT_SUMMARY,
  CARRIER_SCORECARD,
  cellContext,
  cellsOf,
  DISPUTES,
  headersOf,
  OVERDUE_ACTIONS,
  RED_WITHOUT_ACTION,
  STAFFING_GAP,
  VENDOR_SCORECARD,
} from '/products/columns.js';
import { getJson, urlOf } from './api.js';
import { downloadLink, el, table } from './dom.js';

function productTable(spec, rows, ctx) {
  return table(
    spec.caption,
    headersOf(spec),
    rows.map((r) => cellsOf(spec, r, ctx)),
    { 'data-testid': spec.id },
  );
}

const download = (path, params, label) => el('p', {}, downloadLink(urlOf(path, params), label));

function section(id, title, ...children) {
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), ...children);
}

export async function renderProducts(state, meta) {
  const params = { scope: state.scope, month: state.month ?? meta.defaultMonth };
  const [audit, cards, actions, plan] = await Promise.all([
    getJson('/api/products/bill-audit', params),
    getJson('/api/products/scorecards', params),
    getJson('/api/products/actions', params),
    getJson('/api/products/labour-plan', { scope: state.scope }),
  ]);
  const ctx = cellContext(meta.registry, meta.reportingCurrency);
  return {
    nodes: [
      el('h1', {}, `Data products — ${params.month}`),
      section(
        'bill-audit-h',
        'Bill audit',
        productTable(BILL_AUDIT_SUMMARY, audit.summary, ctx),
        download('/api/products/disputes.csv', params, 'Download the dispute list (CSV)'),
        productTable(DISPUTES, audit.disputes, ctx),
      ),
      section(
        'scorecards-h',
        'Scorecards',
        download('/api/products/carrier-scorecard.csv', params, 'Download the carrier scorecard (CSV)'),
        productTable(CARRIER_SCORECARD, cards.carriers, ctx),
        download('/api/products/vendor-scorecard.csv', params, 'Download the vendor scorecard (CSV)'),
        productTable(VENDOR_SCORECARD, cards.vendors, ctx),
      ),
      section(
        'actions-h',
        'Action register',
        productTable(RED_WITHOUT_ACTION, actions.redWithoutAction, ctx),
        productTable(OVERDUE_ACTIONS, actions.overdue, ctx),
        productTable(BACKLOG, actions.backlog, ctx),
        productTable(BEFORE_AFTER, actions.beforeAfter, ctx),
      ),
      section(
        'labour-h',
        'Labour plan',
        productTable(STAFFING_GAP, plan.weeks, ctx),
        productTable(BACKTEST, plan.backtest, ctx),
      ),
    ],
    periodLabel: params.month,
  };
}
