// The data-quality page: files and quarantined rows per feed and day, freshness, the last build.
import { getJson } from './api.js';
import { disposeCharts, el, table } from './dom.js';

const FRESHNESS_BADGE = { fresh: 'green', warn: 'amber', stale: 'red', never: 'red', 'no rule': 'none' };

export async function renderQuality(state, _meta, { navigate }) {
  disposeCharts();
  const q = await getJson('/api/quality', { from: state.qfrom, to: state.qto });
  const build = q.build;
  const count = (o) =>
    Object.entries(o ?? {})
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || 'none';
  const window = el(
    'p',
    { class: 'window' },
    el(
      'label',
      {},
      'Ingest days from ',
      el('input', {
        type: 'date',
        id: 'qfrom',
        value: q.from ?? '',
        onchange: (e) => navigate({ ...state, qfrom: e.target.value || null }),
      }),
    ),
    el(
      'label',
      {},
      ' to ',
      el('input', {
        type: 'date',
        id: 'qto',
        value: q.to ?? '',
        onchange: (e) => navigate({ ...state, qto: e.target.value || null }),
      }),
    ),
  );
  return {
    periodLabel: '',
    nodes: [
      el('h1', {}, 'Data quality'),
      el(
        'section',
        { 'aria-labelledby': 'build' },
        el('h2', { id: 'build' }, 'Last build'),
        build
          ? el(
              'dl',
              { class: 'build' },
              el('dt', {}, 'Finished'),
              el('dd', { id: 'build-time' }, build.generatedAt),
              el('dt', {}, 'Took'),
              el('dd', {}, `${build.elapsedSeconds.toFixed(1)} s`),
              el('dt', {}, 'Models'),
              el('dd', {}, count(build.models)),
              el('dt', {}, 'Tests'),
              el('dd', { id: 'build-tests' }, count(build.tests)),
            )
          : el('p', {}, 'No build yet: run opslake build.'),
        build?.problems.length
          ? table(
              'Tests and models that did not pass',
              ['node', 'status', 'message'],
              build.problems.map((p) => [p.id, p.status, p.message]),
            )
          : null,
      ),
      el(
        'section',
        { 'aria-labelledby': 'freshness' },
        el('h2', { id: 'freshness' }, 'Freshness against each feed’s cadence'),
        table(
          'Feeds',
          ['feed', 'cadence', 'last ingest', 'age (h)', 'warn after (h)', 'error after (h)', 'status'],
          q.freshness.map((f) => [
            f.feed,
            f.cadence,
            f.lastIngest ?? 'never',
            f.ageHours === null ? '' : f.ageHours.toFixed(1),
            f.warnAfterHours ?? '—',
            f.errorAfterHours ?? '—',
            el('span', { class: `badge ${FRESHNESS_BADGE[f.status]}` }, f.status),
          ]),
        ),
      ),
      el(
        'section',
        { 'aria-labelledby': 'files' },
        el('h2', { id: 'files' }, 'Files per feed and ingest day'),
        window,
        table(
          'Files and rows by feed and day',
          [
            'day',
            'feed',
            'files',
            'loaded',
            'partial',
            'replayed',
            'rejected',
            'skipped',
            'rows in',
            'rows valid',
            'rows quarantined',
          ],
          q.days.map((d) => [
            d.day,
            d.feed,
            d.files,
            d.loaded,
            d.partial,
            d.replayed,
            d.rejected,
            d.skipped,
            d.rowsIn,
            d.rowsValid,
            d.rowsQuarantined,
          ]),
          { id: 'feed-days' },
        ),
      ),
      el(
        'section',
        { 'aria-labelledby': 'reasons' },
        el('h2', { id: 'reasons' }, 'Top reasons rows were quarantined'),
        q.reasons.length
          ? table(
              'Quarantine reasons',
              ['feed', 'rule', 'column', 'rows', 'example'],
              q.reasons.map((r) => [r.feed, r.rule, r.column ?? '(file)', r.rows, r.example]),
              { id: 'reasons-table' },
            )
          : el('p', {}, 'No rows quarantined in these days.'),
      ),
    ],
  };
}
