/**
 * 2 Scorecard: every KPI × every column scope (sites, regions, company), each with value, target,
 * status, change vs the previous month and vs the same month last year, and a 12-month sparkline.
 * Scopes go three to a table so a table fits the page's width.
 */
import { sparklineOption } from '../../charts/index.js';
import { renderSvg } from '../../charts/svg.js';
import type { KpiDefinition, Scope, Tile } from '../../kpis/index.js';
import type { ReportData } from '../data.js';
import { type Html, html, raw, sectionHeading } from '../html.js';
import { scopeKey, scopeLabel } from '../scope.js';
import { directionArrow, formatChange, formatValue, isIncomplete, reportingCurrency, statusChip } from './common.js';

export const SCOPES_PER_TABLE = 3;
/** Fits the 16 mm column (less its padding) at 96 px to the inch. */
const SPARKLINE = { width: 56, height: 15 };
/**
 * Column widths in mm: fixed, so a table with fewer scopes is narrower instead of stretched, and
 * three scopes fit A4 landscape's 277 mm between the margins.
 */
const KPI_WIDTH = 42;
const SCOPE_COLUMNS = [
  { name: 'value', width: 12.5, num: true },
  { name: 'target', width: 11.5, num: true },
  { name: 'status', width: 12, num: false },
  { name: 'vs prev', width: 13.5, num: true },
  { name: 'vs LY', width: 12, num: true },
  { name: '12 mo', width: 16, num: false },
] as const;
const SCOPE_WIDTH = SCOPE_COLUMNS.reduce((sum, c) => sum + c.width, 0);

function sparkline(tile: Tile): Html {
  if (!tile.sparkline.some((p) => p.value !== null)) return html``;
  return raw(renderSvg(sparklineOption(tile.sparkline, tile.unit), SPARKLINE));
}

function cells(data: ReportData, scope: Scope, tile: Tile | undefined): Html {
  if (!tile) return html`<td colspan="${SCOPE_COLUMNS.length}">–</td>`;
  return html`<td class="num">${formatValue(tile.value, tile.unit)}</td><td class="num">${formatValue(tile.target, tile.unit)}</td><td>${statusChip(tile.status, isIncomplete(data, scope, tile))}</td><td class="num">${formatChange(tile.previous.change, tile.unit)}</td><td class="num">${formatChange(tile.lastYear.change, tile.unit)}</td><td class="spark">${sparkline(tile)}</td>`;
}

/**
 * The unit under a KPI's name. An amount's is its currency — the reporting currency, which every
 * scope's value and target are in (kpi_monthly.currency_code) — not the word "currency".
 */
function unitLabel(data: ReportData, kpi: KpiDefinition): string {
  return kpi.unit === 'currency' ? (reportingCurrency(data) ?? kpi.unit) : kpi.unit;
}

function table(data: ReportData, scopes: readonly Scope[]): Html {
  const tilesOf = scopes.map((s) => new Map((data.scorecards.get(scopeKey(s))?.tiles ?? []).map((t) => [t.kpi, t])));
  const head = scopes.map(
    (s) => html`<th colspan="${SCOPE_COLUMNS.length}" class="scope">${scopeLabel(s, data.dimensions)}</th>`,
  );
  const sub = scopes.map(() => SCOPE_COLUMNS.map((c) => html`<th class="${c.num ? 'num' : ''}">${c.name}</th>`));
  const cols = scopes.map(() => SCOPE_COLUMNS.map((c) => html`<col style="width:${c.width}mm">`));
  const width = KPI_WIDTH + scopes.length * SCOPE_WIDTH;
  const rows = data.registry.map(
    (k) =>
      html`<tr><td class="kpi"><span class="label">${k.label} ${directionArrow(k.direction)}</span><span class="unit">${unitLabel(data, k)}${k.breakdown !== 'all' ? ` · by ${k.breakdown}` : ''}</span></td>${scopes.map((s, i) => cells(data, s, tilesOf[i]?.get(k.kpi)))}</tr>`,
  );
  return html`<table class="scorecard" style="width:${width}mm"><colgroup><col style="width:${KPI_WIDTH}mm">${cols}</colgroup><thead><tr><th class="kpi" rowspan="2">KPI</th>${head}</tr><tr>${sub}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function scorecardSection(data: ReportData): Html {
  const groups: Scope[][] = [];
  for (let i = 0; i < data.columns.length; i += SCOPES_PER_TABLE)
    groups.push(data.columns.slice(i, i + SCOPES_PER_TABLE));
  return html`<section class="page">
  ${sectionHeading('scorecard')}
  <p class="small">Value, target and red/amber/green status for the month; change against the previous month (vs prev) and the same month last year (vs LY), in percentage points for rates; ↑ higher is better, ↓ lower is better. * the value rests on incomplete inputs (see Data quality). KPIs published by a breakdown (carrier, cost category) have no single value: see Top movers and the dashboard.</p>
  ${groups.map((g, i) => html`<div class="${i > 0 ? 'break' : ''}">${table(data, g)}</div>`)}
</section>`;
}
