// The data-quality page: files and quarantined rows per feed and day, freshness, the last build.
import { getJson } from './api.js';
import { disposeCharts, el, table } from './dom.js';

const FRESHNESS_BADGE = { fresh: 'green', warn: 'amber', stale: 'red', never: 'red', 'no rule': 'none' };
const FRESHNESS_COLUMNS = ['feed', 'cadence', 'last ingest', 'age (h)', 'warn after (h)', 'error after (h)', 'status'];
/** The per-day table's columns: heading and the field of /api/quality's days it shows. */
const DAY_COLUMNS = [
  ['day', 'day'],
  ['feed', 'feed'],
  ['files', 'files'],
  ['loaded', 'loaded'],
  ['partial', 'partial'],
  ['replayed', 'replayed'],
  ['rejected', 'rejected'],
  ['skipped', 'skipped'],
  ['rows in', 'rowsIn'],
  ['rows valid', 'rowsValid'],
  ['rows quarantined', 'rowsQuarantined'],
];

export async function renderQuality(state, _meta, { navigate }) {
  disposeCharts();
  const q = await getJson('/api/quality', { from: state.qfrom, to: state.qto });
  return {
    periodLabel: '',
    nodes: [
      el('h1', {}, 'Data quality'),
      buildSection(q.build),
      freshnessSection(q.freshness),
      feedDaysSection(q, (change) => navigate({ ...state, ...change })),
      reasonsSection(q.reasons),
    ],
  };
}

/** `{ success: 3, error: 1 }` as "3 success, 1 error". */
const countText = (counts) =>
  Object.entries(counts ?? {})
    .map(([k, v]) => `${v} ${k}`)
    .join(', ') || 'none';

function buildSection(build) {
  return el(
    'section',
    { 'aria-labelledby': 'build' },
    el('h2', { id: 'build' }, 'Last build'),
    build ? buildSummary(build) : el('p', {}, 'No build yet: run opslake build.'),
    build?.problems.length
      ? table(
          'Tests and models that did not pass',
          ['node', 'status', 'message'],
          build.problems.map((p) => [p.id, p.status, p.message]),
        )
      : null,
  );
}

function buildSummary(build) {
  return el(
    'dl',
    { class: 'build' },
    el('dt', {}, 'Finished'),
    el('dd', { id: 'build-time' }, build.generatedAt),
    el('dt', {}, 'Took'),
    el('dd', {}, `${build.elapsedSeconds.toFixed(1)} s`),
    el('dt', {}, 'Models'),
    el('dd', {}, countText(build.models)),
    el('dt', {}, 'Tests'),
    el('dd', { id: 'build-tests' }, countText(build.tests)),
  );
}

function freshnessSection(freshness) {
  return el(
    'section',
    { 'aria-labelledby': 'freshness' },
    el('h2', { id: 'freshness' }, 'Freshness against each feed’s cadence'),
    table(
      'Feeds',
      FRESHNESS_COLUMNS,
      freshness.map((f) => [
        f.feed,
        f.cadence,
        f.lastIngest ?? 'never',
        f.ageHours === null ? '' : f.ageHours.toFixed(1),
        f.warnAfterHours ?? '—',
        f.errorAfterHours ?? '—',
        el('span', { class: `badge ${FRESHNESS_BADGE[f.status]}` }, f.status),
      ]),
    ),
  );
}

/** `go` changes the ingest-day window (qfrom, qto) and shows the page again. */
function feedDaysSection(q, go) {
  return el(
    'section',
    { 'aria-labelledby': 'files' },
    el('h2', { id: 'files' }, 'Files per feed and ingest day'),
    dayWindow(q, go),
    table(
      'Files and rows by feed and day',
      DAY_COLUMNS.map(([heading]) => heading),
      q.days.map((d) => DAY_COLUMNS.map(([, field]) => d[field])),
      { id: 'feed-days' },
    ),
  );
}

function dayWindow(q, go) {
  const dayInput = (id, value) =>
    el('input', { type: 'date', id, value: value ?? '', onchange: (e) => go({ [id]: e.target.value || null }) });
  return el(
    'p',
    { class: 'window' },
    el('label', {}, 'Ingest days from ', dayInput('qfrom', q.from)),
    el('label', {}, ' to ', dayInput('qto', q.to)),
  );
}

function reasonsSection(reasons) {
  return el(
    'section',
    { 'aria-labelledby': 'reasons' },
    el('h2', { id: 'reasons' }, 'Top reasons rows were quarantined'),
    reasons.length
      ? table(
          'Quarantine reasons',
          ['feed', 'rule', 'column', 'rows', 'example'],
          reasons.map((r) => [r.feed, r.rule, r.column ?? '(file)', r.rows, r.example]),
          { id: 'reasons-table' },
        )
      : el('p', {}, 'No rows quarantined in these days.'),
  );
}
