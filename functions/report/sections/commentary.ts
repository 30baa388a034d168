/**
 * 5 Commentary: the owners' notes (reference/kpi_commentary) beside the KPI value they explain, the
 * red KPIs that have no note ("needs commentary"), and a sign-off block per owning domain.
 */
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';
import { scopeLabel } from '../scope.js';
import { formatValue, labelOf, statusChip } from './common.js';

function scopeName(data: ReportData, level: string, id: string): string {
  return level === 'site' || level === 'region' || level === 'company'
    ? scopeLabel({ level, id }, data.dimensions)
    : id;
}

export function commentarySection(data: ReportData): Html {
  const unitOf = (kpi: string) => data.registry.find((k) => k.kpi === kpi)?.unit ?? '';
  const notes = data.commentary.filter((c) => c.note !== null);
  const missing = data.commentary.filter((c) => c.needsCommentary);
  const noteRows = notes.map(
    (c) =>
      html`<tr><td class="kpi">${labelOf(data, c.kpi)}</td><td>${scopeName(data, c.scopeLevel, c.scopeId)}</td><td class="num">${formatValue(c.value, unitOf(c.kpi))}</td><td>${statusChip(c.status)}</td><td class="note">${c.note}</td><td class="small">${c.author}<br>${c.writtenAt?.slice(0, 10) ?? ''}</td></tr>`,
  );
  const missingRows = missing.map(
    (c) =>
      html`<tr><td class="kpi">${labelOf(data, c.kpi)}</td><td>${scopeName(data, c.scopeLevel, c.scopeId)}</td><td class="num">${formatValue(c.value, unitOf(c.kpi))}</td><td class="num">${formatValue(c.target, unitOf(c.kpi))}</td><td>${statusChip(c.status)}</td></tr>`,
  );
  const owners = [...new Set(data.registry.map((k) => k.owner))].sort();
  const signOff = owners.map((owner) => {
    const kpis = new Set(data.registry.filter((k) => k.owner === owner).map((k) => k.kpi));
    const red = data.commentary.filter((c) => kpis.has(c.kpi) && c.status === 'red').length;
    const open = missing.filter((c) => kpis.has(c.kpi)).length;
    const written = notes.filter((c) => kpis.has(c.kpi)).length;
    return html`<tr><td>${owner}</td><td class="num">${kpis.size}</td><td class="num">${red}</td><td class="num">${written}</td><td class="num">${open}</td><td class="sign"></td><td class="sign"></td></tr>`;
  });
  return html`<section class="page">
  ${sectionHeading('commentary')}
  <h2>Owners' notes</h2>
  ${
    notes.length > 0
      ? html`<table class="notes"><thead><tr><th>KPI</th><th>scope</th><th>value</th><th>status</th><th>note</th><th>by, on</th></tr></thead><tbody>${noteRows}</tbody></table>`
      : html`<p>No notes were filed for this month.</p>`
  }
  <h2>Needs commentary: red with no note (${missing.length})</h2>
  ${
    missing.length > 0
      ? html`<table class="needs"><thead><tr><th>KPI</th><th>scope</th><th>value</th><th>target</th><th>status</th></tr></thead><tbody>${missingRows}</tbody></table>`
      : html`<p>Every red KPI has a note.</p>`
  }
  <h2>Sign-off</h2>
  <table class="signoff"><thead><tr><th>domain (owner)</th><th class="num">KPIs</th><th class="num">red cells</th><th class="num">notes</th><th class="num">needs commentary</th><th>signed off by</th><th>date</th></tr></thead><tbody>${signOff}</tbody></table>
</section>`;
}
