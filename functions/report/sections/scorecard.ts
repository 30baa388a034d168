/**
 * 2 Scorecard: every KPI × every column scope (sites, regions, company), each with value, target,
 * status, change vs the previous month and vs the same month last year, and a 12-month sparkline.
 * Scopes go three to a table so a table fits the page's width.
 */
import { sparklineOption } from '../../charts/index.js';
import { renderSvg } from '../../charts/svg.js';
import type { Scope, Tile } from '../../kpis/index.js';
import type { ReportData } from '../data.js';
import { type Html, html, raw, sectionHeading } from '../html.js';
import { scopeKey, scopeLabel } from '../scope.js';
import { directionArrow, formatChange, formatValue, isIncomplete, statusChip } from './common.js';

export const SCOPES_PER_TABLE = 3;
const SPARKLINE = { width: 64, height: 18 };

function sparkline(tile: Tile): Html {
  if (!tile.sparkline.some((p) => p.value !== null)) return html``;
  return raw(renderSvg(sparklineOption(tile.sparkline, tile.unit), SPARKLINE));
}

function cells(data: ReportData, scope: Scope, tile: Tile | undefined): Html {
  if (!tile) return html`<td colspan="6">–</td>`;
  return html`<td class="num">${formatValue(tile.value, tile.unit)}</td><td class="num">${formatValue(tile.target, tile.unit)}</td><td>${statusChip(tile.status, isIncomplete(data, scope, tile))}</td><td class="num">${formatChange(tile.previous.change, tile.unit)}</td><td class="num">${formatChange(tile.lastYear.change, tile.unit)}</td><td class="spark">${sparkline(tile)}</td>`;
}

function table(data: ReportData, scopes: readonly Scope[]): Html {
  const tilesOf = scopes.map((s) => new Map((data.scorecards.get(scopeKey(s))?.tiles ?? []).map((t) => [t.kpi, t])));
  const head = scopes.map((s) => html`<th colspan="6" class="scope">${scopeLabel(s, data.dimensions)}</th>`);
  const sub = scopes.map(
    () => html`<th>value</th><th>target</th><th>status</th><th>vs prev</th><th>vs LY</th><th>12 mo</th>`,
  );
  const rows = data.registry.map(
    (k) =>
      html`<tr><td class="kpi"><span class="label">${k.label} ${directionArrow(k.direction)}</span><span class="unit">${k.unit}${k.breakdown !== 'all' ? ` · by ${k.breakdown}` : ''}</span></td>${scopes.map((s, i) => cells(data, s, tilesOf[i]?.get(k.kpi)))}</tr>`,
  );
  return html`<table class="scorecard"><thead><tr><th class="kpi" rowspan="2">KPI</th>${head}</tr><tr>${sub}</tr></thead><tbody>${rows}</tbody></table>`;
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
