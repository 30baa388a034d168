/**
 * `renderReport`: the governance report for a month and scope as HTML and PDF. It prints twice in
 * one browser: the first print tells on which page each section starts, the second carries those
 * numbers on the contents page (the cover's length does not change, so neither do the pages).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPANY, type Scope } from '../kpis/index.js';
import { loadReportData, type ReportData, type ReportSources } from './data.js';
import { reportDocument, reportTitle } from './document.js';
import { SECTIONS, type SectionId } from './html.js';
import { latestCompleteMonth, parseMonth } from './month.js';
import { PdfPrinter } from './pdf.js';
import { pdfPages } from './pdf-text.js';
import { scopeKey } from './scope.js';

export interface ReportRequest {
  /** YYYY-MM; the latest complete month when absent. */
  readonly month?: string;
  readonly scope?: Scope;
}

export interface RenderedReport {
  readonly month: string;
  readonly data: ReportData;
  readonly html: string;
  readonly pdf: Uint8Array;
  readonly pages: ReadonlyMap<SectionId, number>;
}

/** The page (1-based) each section's heading is printed on, after the cover. */
export function sectionPages(pages: readonly string[]): Map<SectionId, number> {
  const found = new Map<SectionId, number>();
  SECTIONS.forEach((section, i) => {
    const heading = `${i + 1} ${section.title}`;
    const index = pages.findIndex((text, page) => page > 0 && text.split('\n').some((line) => line.trim() === heading));
    if (index >= 0) found.set(section.id, index + 1);
  });
  return found;
}

export async function renderReport(sources: ReportSources, request: ReportRequest = {}): Promise<RenderedReport> {
  const month = request.month ? parseMonth(request.month) : await latestCompleteMonth(sources.engine);
  if (!month) throw new Error('the warehouse has no KPI data yet: ingest feeds and run `opslake build` first');
  const data = await loadReportData(sources, month, request.scope ?? COMPANY);
  const title = reportTitle(data);
  const printer = await PdfPrinter.open();
  try {
    const draft = await printer.print(reportDocument(data, null), title);
    const pages = sectionPages(pdfPages(draft));
    const html = reportDocument(data, pages);
    const pdf = await printer.print(html, title);
    return { month, data, html, pdf, pages };
  } finally {
    await printer.close();
  }
}

/** `opslake-report-2025-11.html` / `.pdf` (a region or site scope is part of the name). */
export function reportFileStem(month: string, scope: Scope): string {
  const suffix = scope.level === 'company' ? '' : `-${scopeKey(scope).replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  return `opslake-report-${month}${suffix}`;
}

export async function writeReport(report: RenderedReport, outDir: string): Promise<{ html: string; pdf: string }> {
  await mkdir(outDir, { recursive: true });
  const stem = reportFileStem(report.month, report.data.scope);
  const paths = { html: join(outDir, `${stem}.html`), pdf: join(outDir, `${stem}.pdf`) };
  await writeFile(paths.html, report.html);
  await writeFile(paths.pdf, report.pdf);
  return paths;
}
