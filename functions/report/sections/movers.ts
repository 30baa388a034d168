/**
 * 4 Top movers and drivers: each KPI that changed status or moved most, with where its change comes
 * from — site mix and site performance for a ratio, each site's share for a sum, and the breakdown
 * (carrier, cost category) inside the site that moved it most. The footnotes give the arithmetic
 * with enough digits to check it by hand.
 */
import type Fraction from 'fraction.js';
import type { RatioDecomposition } from '../../kpis/drivers.js';
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';
import type { Drivers, Mover } from '../movers.js';
import { scopeLabel } from '../scope.js';
import { formatChange, formatValue, labelOf, statusChip } from './common.js';

/** Digits in the footnotes: enough to re-add the parts by hand. */
const FOOTNOTE_DIGITS = 6;
const n = (f: Fraction | null) => (f === null ? '–' : f.valueOf().toFixed(FOOTNOTE_DIGITS));
const signed = (f: Fraction) => `${f.valueOf() >= 0 ? '+' : '−'}${Math.abs(f.valueOf()).toFixed(FOOTNOTE_DIGITS)}`;
const pct = (f: Fraction) => `${(f.valueOf() * 100).toFixed(1)}%`;

function ratioTable(split: RatioDecomposition, unit: string, segmentLabel: (id: string) => string): Html {
  const rows = split.segments.map(
    (s) =>
      html`<tr><td>${segmentLabel(s.id)}</td><td class="num">${pct(s.weightBefore)} → ${pct(s.weightAfter)}</td><td class="num">${formatValue(s.ratioBefore === null ? null : s.ratioBefore.valueOf() * split.scale, unit)} → ${formatValue(s.ratioAfter === null ? null : s.ratioAfter.valueOf() * split.scale, unit)}</td><td class="num">${formatChange(s.mix.valueOf(), unit)}</td><td class="num">${formatChange(s.performance.valueOf(), unit)}</td><td class="num">${formatChange(s.mix.add(s.performance).valueOf(), unit)}</td></tr>`,
  );
  return html`<table class="drivers"><thead><tr><th></th><th>share of volume</th><th>value</th><th>mix</th><th>performance</th><th>total</th></tr></thead><tbody>${rows}<tr class="total"><td>all</td><td></td><td class="num">${formatValue(split.before.valueOf(), unit)} → ${formatValue(split.after.valueOf(), unit)}</td><td class="num">${formatChange(split.mix.valueOf(), unit)}</td><td class="num">${formatChange(split.performance.valueOf(), unit)}</td><td class="num">${formatChange(split.total.valueOf(), unit)}</td></tr></tbody></table>`;
}

function ratioFootnote(split: RatioDecomposition): string {
  const terms = split.segments.map(
    (s) =>
      `${s.id}: w ${n(s.weightBefore)}→${n(s.weightAfter)}, r ${n(s.ratioBefore)}→${n(s.ratioAfter)}, mix ${signed(s.mix)}, perf ${signed(s.performance)}`,
  );
  const scale = split.scale === 1 ? '' : `, r × ${split.scale} in the KPI unit`;
  return `value ${n(split.before)} → ${n(split.after)}${scale}: change ${signed(split.total)} = mix ${signed(split.mix)} + performance ${signed(split.performance)}. ${terms.join('; ')}.`;
}

function driversBlock(data: ReportData, mover: Mover, drivers: Drivers, footnotes: string[]): Html {
  const unit = mover.tile.unit;
  const site = (id: string) => scopeLabel({ level: 'site', id }, data.dimensions);
  if (drivers.kind === 'none') return html`<p class="small">No split: ${drivers.reason}.</p>`;
  if (drivers.kind === 'sum') {
    footnotes.push(
      `Σ of the sites' changes: ${drivers.sites.segments.map((s) => `${s.id} ${signed(s.change)}`).join(' + ')} = ${signed(drivers.sites.total)}.`,
    );
    const rows = drivers.sites.segments.map(
      (s) => html`<tr><td>${site(s.id)}</td><td class="num">${formatChange(s.change.valueOf(), unit)}</td></tr>`,
    );
    return html`<table class="drivers"><thead><tr><th>site</th><th>change<sup>${footnotes.length}</sup></th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  footnotes.push(ratioFootnote(drivers.sites));
  const siteNote = footnotes.length;
  const within = drivers.within;
  if (within) footnotes.push(ratioFootnote(within.split));
  return html`<div class="two"><div><h3>By site: mix and performance<sup>${siteNote}</sup></h3>${ratioTable(drivers.sites, unit, site)}</div>${
    within
      ? html`<div><h3>Inside ${site(within.siteId)}, by ${data.registry.find((k) => k.kpi === within.via)?.breakdown ?? 'breakdown'} (${labelOf(data, within.via)})<sup>${footnotes.length}</sup></h3>${ratioTable(within.split, unit, (id) => id)}</div>`
      : html``
  }</div>`;
}

export function moversSection(data: ReportData): Html {
  const footnotes: string[] = [];
  const blocks = data.movers.map(({ mover, drivers }) => {
    const t = mover.tile;
    const status = mover.statusChanged
      ? html`${statusChip(mover.previousStatus)} → ${statusChip(t.status)}`
      : statusChip(t.status);
    return html`<div class="mover"><h2>${t.label}: ${formatValue(t.previous.value, t.unit)} → ${formatValue(t.value, t.unit)} (${formatChange(t.previous.change, t.unit)}) ${status}</h2>${driversBlock(data, mover, drivers, footnotes)}</div>`;
  });
  return html`<section class="page">
  ${sectionHeading('movers')}
  <p class="small">${scopeLabel(data.scope, data.dimensions)}: every KPI whose status changed since last month, then the largest moves. Mix is the change from volume shifting between sites (or carriers, cost categories) at last month's and this month's values; performance is the change from the sites' own values; mix + performance = total, exactly.</p>
  ${blocks.length > 0 ? blocks : html`<p>No KPI has a previous month to compare with.</p>`}
  <h3>Arithmetic</h3>
  <p class="small">For a ratio Σnumerator ÷ Σdenominator over segments (sites, carriers, cost categories), w is a segment's share of the denominator and r its ratio, before (₀) and after (₁): mix = Σ(w₁−w₀)(r₀+r₁)/2, performance = Σ(r₁−r₀)(w₀+w₁)/2, and mix + performance = value₁ − value₀ exactly (computed in fractions). In the notes the values, changes, mix and performance are in the KPI's unit; w and r are the plain shares and ratios (a KPI with a scale, such as × 100 for percent or × 200,000 for TRIR, multiplies r by it).</p>
  <ol class="footnotes">${footnotes.map((f) => html`<li>${f}</li>`)}</ol>
</section>`;
}
