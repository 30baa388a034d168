/** 1 Executive summary: status counts, the largest improvements and deteriorations, completeness. */
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';
import { SUMMARY_MOVES } from '../movers.js';
import { scopeLabel } from '../scope.js';
import { formatChange, formatValue, monthName, statusChip } from './common.js';

export function completenessLine(data: ReportData): string {
  const q = data.quality;
  const gaps = q.coverage.filter((c) => c.finding === 'missing' || c.finding === 'late');
  const quarantined = q.feeds.reduce((sum, f) => sum + f.rowsQuarantined, 0);
  const loaded = q.feeds.reduce((sum, f) => sum + f.rowsLoaded, 0);
  const failing = q.tests?.filter((t) => t.status !== 'warn').length ?? null;
  const parts = [
    gaps.length === 0
      ? 'every regular feed delivered for the whole month'
      : `${gaps.length} feed × site gap(s) (missing or late)`,
    `${loaded.toLocaleString('en')} rows loaded, ${quarantined.toLocaleString('en')} quarantined`,
    failing === null ? 'dbt test results not available' : `${failing} failing dbt test(s) of ${q.testsRun}`,
  ];
  const complete = gaps.length === 0 && failing === 0 && !data.headline.partial;
  return `${complete ? 'Data complete' : 'Data INCOMPLETE'}: ${parts.join('; ')}.`;
}

export function summarySection(data: ReportData): Html {
  const tiles = data.headline.tiles;
  const count = (status: string) => tiles.filter((t) => t.status === status).length;
  const noStatus = tiles.filter((t) => t.status === null).length;
  const improvements = data.moves.filter((m) => m.score > 0).slice(0, SUMMARY_MOVES);
  const deteriorations = data.moves
    .filter((m) => m.score < 0)
    .slice(-SUMMARY_MOVES)
    .reverse();
  const moveList = (moves: typeof improvements) =>
    moves.length === 0
      ? html`<li>none</li>`
      : moves.map(
          (m) =>
            html`<li><b>${m.tile.label}</b>: ${formatValue(m.tile.previous.value, m.tile.unit)} → ${formatValue(m.tile.value, m.tile.unit)} (${formatChange(m.tile.previous.change, m.tile.unit)}) ${statusChip(m.tile.status)}</li>`,
        );
  return html`<section class="page">
  ${sectionHeading('summary')}
  <p class="lead">${scopeLabel(data.scope, data.dimensions)}, ${monthName(data.month)}${data.headline.partial ? ' (partial month)' : ''}.</p>
  <div class="counts">
    <div class="count st-red"><b>${count('red')}</b> red</div>
    <div class="count st-amber"><b>${count('amber')}</b> amber</div>
    <div class="count st-green"><b>${count('green')}</b> green</div>
    <div class="count st-none"><b>${noStatus}</b> without target or data</div>
  </div>
  <div class="two">
    <div><h2>Largest improvements vs ${data.headline.tiles[0]?.previous.label ?? 'the previous month'}</h2><ol>${moveList(improvements)}</ol></div>
    <div><h2>Largest deteriorations</h2><ol>${moveList(deteriorations)}</ol></div>
  </div>
  <p class="completeness">${completenessLine(data)}</p>
  <p class="small">Moves are ranked by the change in the KPI's good direction relative to its target (or to last month's value where there is no target), so rates, hours and costs compare.</p>
</section>`;
}
