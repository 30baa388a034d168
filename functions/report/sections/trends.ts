/** 3 Trends: 12-month charts of the headline KPIs, one line per site, with the target line. */
import { siteTrendsOption } from '../../charts/site-trends.js';
import { renderSvg } from '../../charts/svg.js';
import { type ReportData, TREND_MONTHS } from '../data.js';
import { type Html, html, raw, sectionHeading } from '../html.js';
import { shiftMonth } from '../month.js';
import { scopeLabel } from '../scope.js';

/** Two charts a row, two rows a page, on A4 landscape at 96 dpi inside the margins. */
const CHART = { width: 500, height: 270 };

export function trendsSection(data: ReportData): Html {
  const months = Array.from({ length: TREND_MONTHS }, (_, i) => `${shiftMonth(data.month, i - TREND_MONTHS + 1)}-01`);
  const sites = data.columns.filter((c) => c.level === 'site');
  const charts = data.trends.map((t) => {
    const byMonth = (points: readonly { scopeId: string; periodStart: string; value: number | null }[], id: string) =>
      months.map((m) => points.find((p) => p.scopeId === id && p.periodStart === m)?.value ?? null);
    const option = siteTrendsOption({
      title: `${t.kpi.label} (${t.kpi.unit})`,
      unit: t.kpi.unit,
      months,
      sites: sites.map((s) => ({ name: scopeLabel(s, data.dimensions), values: byMonth(t.points, s.id) })),
      target: months.map((m) => t.target.find((p) => p.periodStart === m)?.target ?? null),
      width: CHART.width,
    });
    return html`<figure class="chart">${raw(renderSvg(option, CHART))}</figure>`;
  });
  return html`<section class="page">
  ${sectionHeading('trends')}
  <p class="small">The last ${TREND_MONTHS} months by site; the dashed line is the ${scopeLabel(data.scope, data.dimensions)} target (site targets can differ: see the scorecard).</p>
  <div class="charts">${charts}</div>
</section>`;
}
