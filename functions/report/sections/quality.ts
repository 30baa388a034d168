/**
 * 6 Data quality: per feed the month's files and rows in / loaded / quarantined, the top rejection
 * reasons, feeds missing or late against their cadence, failing or warning dbt tests, and the
 * KPI cells marked incomplete.
 */
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';
import { scopeKey, scopeLabel } from '../scope.js';
import { isIncomplete, statusChip } from './common.js';
import { completenessLine } from './summary.js';

const int = (v: number) => v.toLocaleString('en');

export function qualitySection(data: ReportData): Html {
  const q = data.quality;
  const feeds = q.feeds.map(
    (f) =>
      html`<tr><td>${f.feed}</td><td class="num">${int(f.files)}</td><td class="num">${int(f.rowsIn)}</td><td class="num">${int(f.rowsLoaded)}</td><td class="num">${int(f.rowsQuarantined)}</td><td>${
        Object.entries(f.problems)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ') || '–'
      }</td></tr>`,
  );
  const rejections = q.rejections.map(
    (r) =>
      html`<tr><td>${r.feed}</td><td>${r.column ?? '(row)'}</td><td>${r.rule}</td><td class="num">${int(r.rows)}</td><td class="small">${r.example}</td></tr>`,
  );
  const gaps = q.coverage.filter((c) => c.finding === 'missing' || c.finding === 'late');
  const gapRows = gaps.map(
    (c) =>
      html`<tr><td>${c.feed}</td><td>${c.siteId}</td><td>${c.cadence}</td><td>${statusChip(c.finding === 'missing' ? 'red' : 'amber')} ${c.finding}</td><td class="num">${c.daysWithData} / ${c.daysExpected}</td><td>${c.lastDay ?? '–'}</td></tr>`,
  );
  const regular = q.coverage.filter((c) => c.finding === 'ok').length;
  const sporadic = q.coverage.filter((c) => c.finding === 'sporadic').length;
  const tests =
    q.tests === null
      ? html`<p>No dbt run results were available to the report.</p>`
      : q.tests.length === 0
        ? html`<p>All ${q.testsRun} dbt tests of the last build passed.</p>`
        : html`<table class="quality"><thead><tr><th>test</th><th>status</th><th class="num">failing rows</th><th>message</th></tr></thead><tbody>${q.tests.map((t) => html`<tr><td>${t.test}</td><td>${t.status}</td><td class="num">${t.failures ?? '–'}</td><td class="small">${t.message ?? ''}</td></tr>`)}</tbody></table>`;
  // One line per scope: which of its KPIs rest on incomplete inputs ("all" rather than a list of 25).
  const incomplete = data.columns.flatMap((scope) => {
    const withValue = (data.scorecards.get(scopeKey(scope))?.tiles ?? []).filter((t) => t.value !== null);
    const marked = withValue.filter((t) => isIncomplete(data, scope, t));
    if (marked.length === 0) return [];
    const which =
      marked.length === withValue.length
        ? `all ${marked.length} KPIs with a value`
        : marked.map((t) => t.label).join(', ');
    return [html`<tr><td>${scopeLabel(scope, data.dimensions)}</td><td>${which}</td></tr>`];
  });
  return html`<section class="page">
  ${sectionHeading('quality')}
  <p class="completeness">${completenessLine(data)}</p>
  <h2>Feeds this month</h2>
  <table class="feeds"><thead><tr><th>feed</th><th>files</th><th>rows in</th><th>loaded</th><th>quarantined</th><th>files not loaded whole</th></tr></thead><tbody>${feeds}</tbody></table>
  <p class="small">A file counts for the month its landing name carries (S1_2025-03-04.csv), else the month it was ingested.</p>
  <h2>Top rejection reasons</h2>
  ${rejections.length > 0 ? html`<table class="quality"><thead><tr><th>feed</th><th>column</th><th>rule</th><th class="num">rows</th><th>first example</th></tr></thead><tbody>${rejections}</tbody></table>` : html`<p>No row was quarantined this month.</p>`}
  <h2>Late or missing feeds</h2>
  ${gaps.length > 0 ? html`<table class="quality"><thead><tr><th>feed</th><th>site</th><th>cadence</th><th>finding</th><th class="num">days with data</th><th>last day</th></tr></thead><tbody>${gapRows}</tbody></table>` : html`<p>None.</p>`}
  <p class="small">${regular} feed × site pairs complete for the month; ${sporadic} sporadic (a daily feed with data on under half the days of this month and of the month before, such as returns or safety incidents, where a day without data is no finding). Missing: no data for the month; late: a daily feed whose data stops more than two days before the month ends.</p>
  <h2>dbt tests</h2>
  ${tests}
  <h2>KPIs marked incomplete</h2>
  ${incomplete.length > 0 ? html`<table class="quality"><thead><tr><th>scope</th><th>KPIs marked * in the scorecard</th></tr></thead><tbody>${incomplete}</tbody></table>` : html`<p>None: every KPI value rests on complete inputs.</p>`}
</section>`;
}
