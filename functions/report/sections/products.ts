/**
 * 7 Data products: the month's bill audit (billing accuracy, disputed and accrued amounts per
 * currency, top disputes), carrier and vendor scorecards, the action register and the labour plan
 * — the same reads (functions/products/queries.ts) and the same columns
 * (functions/products/columns.ts) as the dashboard's /products page.
 */
import {
  BACKLOG,
  BACKTEST,
  BEFORE_AFTER,
  BILL_AUDIT_SUMMARY,
  CARRIER_SCORECARD,
  type CellContext,
  cellContext,
  cellsOf,
  DISPUTES,
  headersOf,
  OVERDUE_ACTIONS,
  type ProductTable,
  RED_WITHOUT_ACTION,
  STAFFING_GAP,
  VENDOR_SCORECARD,
} from '../../products/columns.js';
import type { ProductRow } from '../../products/queries.js';
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';
import { reportingCurrency } from './common.js';

/** Rows per table: the report shows the top of each list and says how many it left out. */
const TOP = 12;

function table(spec: ProductTable, rows: readonly ProductRow[], ctx: CellContext): Html {
  const headers = headersOf(spec);
  const shown = rows.slice(0, TOP);
  const more = rows.length - shown.length;
  const body = shown.length
    ? shown.map((r) => html`<tr>${cellsOf(spec, r, ctx).map((v) => html`<td>${v}</td>`)}</tr>`)
    : html`<tr><td colspan="${headers.length}">none</td></tr>`;
  return html`<h2>${spec.caption}</h2>
  <table class="products"><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${body}</tbody></table>
  ${more > 0 ? html`<p class="note">… and ${more} more (the dashboard's Data products page lists all).</p>` : ''}`;
}

export function productsSection(data: ReportData): Html {
  const { billAudit, scorecards, actions, labourPlan } = data.products;
  const ctx = cellContext(data.registry, reportingCurrency(data));
  return html`<section class="page">
  ${sectionHeading('products')}
  ${table(BILL_AUDIT_SUMMARY, billAudit.summary, ctx)}
  ${table(DISPUTES, billAudit.disputes, ctx)}
  ${table(CARRIER_SCORECARD, scorecards.carriers, ctx)}
  ${table(VENDOR_SCORECARD, scorecards.vendors, ctx)}
  ${table(RED_WITHOUT_ACTION, actions.redWithoutAction, ctx)}
  ${table(OVERDUE_ACTIONS, actions.overdue, ctx)}
  ${table(BACKLOG, actions.backlog, ctx)}
  ${table(BEFORE_AFTER, actions.beforeAfter, ctx)}
  ${table(STAFFING_GAP, labourPlan.weeks, ctx)}
  ${table(BACKTEST, labourPlan.backtest, ctx)}
</section>`;
}
