/**
 * The report as one self-contained HTML document: styles inline, charts as inline SVG, no script
 * and no external reference, so it opens from disk, mails as one file and prints the same. The
 * cover carries the contents; its page numbers come from a first print (see render.ts).
 */
import type { ReportData } from './data.js';
import { type Html, html, raw, SECTIONS, type SectionId } from './html.js';
import { scopeLabel } from './scope.js';
import { appendixSection } from './sections/appendix.js';
import { commentarySection } from './sections/commentary.js';
import { monthName } from './sections/common.js';
import { moversSection } from './sections/movers.js';
import { productsSection } from './sections/products.js';
import { qualitySection } from './sections/quality.js';
import { scorecardSection } from './sections/scorecard.js';
import { summarySection } from './sections/summary.js';
import { trendsSection } from './sections/trends.js';
import { REPORT_CSS } from './styles.js';

export const reportTitle = (data: ReportData): string =>
  `opslake governance report — ${scopeLabel(data.scope, data.dimensions)}, ${monthName(data.month)}`;

function cover(data: ReportData, pages: ReadonlyMap<SectionId, number> | null): Html {
  const rows = SECTIONS.map(
    (s, i) =>
      html`<tr><td><a href="#${s.id}">${i + 1} ${s.title}</a></td><td class="page-no">${pages?.get(s.id) ?? ''}</td></tr>`,
  );
  return html`<section class="cover">
  <h1>Monthly governance report</h1>
  <p class="lead">${scopeLabel(data.scope, data.dimensions)} · ${monthName(data.month)}</p>
  <p class="cover-meta">Generated ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC from the opslake warehouse (kpi_monthly, kpi_registry, kpi_monthly_commentary, the ingest audit). Sites: ${data.dimensions.sites.map((s) => `${s.siteId} ${s.siteName} (${s.region})`).join(', ')}.</p>
  <h2>Contents</h2>
  <table class="contents"><tbody>${rows}</tbody></table>
</section>`;
}

export function reportDocument(data: ReportData, pages: ReadonlyMap<SectionId, number> | null): string {
  const body = [
    cover(data, pages),
    summarySection(data),
    scorecardSection(data),
    trendsSection(data),
    moversSection(data),
    commentarySection(data),
    qualitySection(data),
    productsSection(data),
    appendixSection(data),
  ];
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${reportTitle(data)}</title>
<style>${raw(REPORT_CSS)}</style></head>
<body>${body}</body></html>`.text;
}
