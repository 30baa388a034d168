// The three views. Each returns the nodes to show and a `mounted` callback that draws its charts
// with the shared option builders (functions/charts, served as /charts/*.js) and ECharts from
// node_modules. Text goes in with textContent only: nothing from the data is parsed as HTML.
import {
  breakdownOption,
  formatAmount,
  formatChange,
  formatValue,
  siteBarsOption,
  sparklineOption,
  trendOption,
} from '/charts/index.js';
import * as echarts from '/vendor/echarts.js';
import { getJson, urlOf } from './api.js';

const DOMAIN_TITLES = {
  fulfilment: 'Fulfilment',
  transport: 'Transport',
  warehouse: 'Warehouse',
  workforce: 'Workforce',
  finance: 'Finance',
  service: 'Service',
};
const STATUS_TEXT = { green: 'On target', amber: 'Near target', red: 'Off target' };
const DRILL_PAGE_SIZE = 25;
const KIND_TEXT = {
  ratio: (scale) =>
    `${scale !== 1 ? `${scale} × ` : ''}Σ numerator ÷ Σ denominator, re-computed from the parts at every scope and period`,
  sum: () => 'Σ numerator',
  distribution: () => 'median of the observations (p90 alongside; mean = numerator ÷ denominator)',
};
const TREND_MONTHS = 13;
const TREND_WEEKS = 26;

/** el('div', { class: 'x', dataset: {...} }, child, 'text'…) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** A link that downloads `href` (a CSV export) as `filename` (the server's name when empty). */
export function downloadLink(href, label, filename = '') {
  return el('a', { class: 'button', href, download: filename }, label);
}

let charts = [];
function chart(node, option, renderer = 'canvas') {
  const instance = echarts.init(node, null, { renderer });
  instance.setOption(option);
  charts.push(instance);
  return instance;
}
function disposeCharts() {
  for (const c of charts) c.dispose();
  charts = [];
}
window.addEventListener('resize', () => {
  for (const c of charts) c.resize();
});

function scopeLabel(scope, meta) {
  if (scope === 'company') return 'Company';
  const [level, id] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  if (level === 'site') return `${id} — ${meta.dimensions.sites.find((s) => s.siteId === id)?.siteName ?? id}`;
  return `${id} region`;
}

function statusBadge(status) {
  return el('span', { class: `badge ${status ?? 'none'}` }, status ? STATUS_TEXT[status] : 'No target');
}

const partialMark = (what = 'Partial period') =>
  el('span', { class: 'partial', title: 'The data does not cover this whole period' }, `◐ ${what}`);

// ---- overview -------------------------------------------------------------------------------

/** The unit after a value: an amount's currency code rather than the word "currency". */
const unitText = (unit, currency) => (unit === 'currency' && currency ? currency : unit);

/** A site's amount in the currency it books in, when that is not the reporting currency. */
function bookedNode(tile) {
  const booked = tile.booked;
  if (tile.unit !== 'currency' || !booked || booked.currency === tile.currency) return null;
  return el(
    'span',
    { class: 'tile-booked', dataset: { currency: booked.currency } },
    `booked ${formatAmount(booked.value, tile.unit, booked.currency)}`,
  );
}

function tileNode(tile, href) {
  const changes = el(
    'dl',
    { class: 'changes' },
    el('dt', {}, `vs ${tile.previous.label}`),
    el(
      'dd',
      { dataset: { change: 'previous' } },
      formatChange(tile.previous.change, tile.unit),
      tile.previous.partial ? ' ◐' : '',
    ),
    el('dt', {}, `vs ${tile.lastYear.label}`),
    el(
      'dd',
      { dataset: { change: 'last-year' } },
      formatChange(tile.lastYear.change, tile.unit),
      tile.lastYear.partial ? ' ◐' : '',
    ),
  );
  return el(
    'a',
    {
      class: `tile ${tile.status ?? 'none'}`,
      href,
      dataset: { kpi: tile.kpi, value: tile.value === null ? '' : String(tile.value), status: tile.status ?? '' },
      'aria-label': `${tile.label}: ${formatAmount(tile.value, tile.unit, tile.currency)}${tile.status ? `, ${STATUS_TEXT[tile.status]}` : ''}`,
    },
    el('span', { class: 'tile-label' }, tile.label),
    el(
      'span',
      { class: 'tile-value' },
      formatValue(tile.value, tile.unit),
      el('small', {}, ` ${unitText(tile.unit, tile.currency)}`),
    ),
    bookedNode(tile),
    el(
      'span',
      { class: 'tile-target' },
      statusBadge(tile.status),
      tile.target === null ? '' : ` target ${formatAmount(tile.target, tile.unit, tile.currency)}`,
    ),
    changes,
    tile.partial ? partialMark() : null,
    tile.note ? el('span', { class: 'note' }, tile.note) : null,
    el('div', { class: 'spark', 'aria-hidden': 'true' }),
  );
}

export async function renderOverview(state, meta, { periodParams }) {
  disposeCharts();
  const card = await getJson('/api/scorecard', { scope: state.scope, ...periodParams(state) });
  const query = new URLSearchParams(location.search);
  const sections = Object.entries(DOMAIN_TITLES).map(([domain, title]) => {
    const tiles = card.tiles.filter((t) => t.domain === domain);
    return el(
      'section',
      { class: 'domain', 'aria-labelledby': `domain-${domain}` },
      el('h2', { id: `domain-${domain}` }, title),
      el(
        'div',
        { class: 'tiles' },
        tiles.map((t) => tileNode(t, `/kpi/${t.kpi}${query.size ? `?${query}` : ''}`)),
      ),
    );
  });
  return {
    periodLabel: `${card.label}${card.partial ? ' (partial)' : ''} · data ${card.coverage.firstDay} – ${card.coverage.lastDay}`,
    nodes: [
      el('h1', {}, `KPIs — ${scopeLabel(state.scope, meta)}, ${card.label}`),
      card.partial
        ? el(
            'p',
            { class: 'notice', role: 'note' },
            partialMark(),
            ' The data does not cover the whole period: values and changes are not comparable with whole periods.',
          )
        : null,
      ...sections,
    ].filter(Boolean),
    mounted() {
      for (const tile of card.tiles) {
        const spark = document.querySelector(`.tile[data-kpi="${tile.kpi}"] .spark`);
        if (spark && tile.sparkline.length > 1) chart(spark, sparklineOption(tile.sparkline, tile.unit), 'svg');
      }
    },
  };
}

// ---- KPI page -------------------------------------------------------------------------------

const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const monthEnd = (month) => addDays(`${addMonths(month, 1)}-01`, -1);
function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** First and last day of the chosen period. */
function periodRange(state, meta) {
  if (state.periodKind === 'week' && state.week) return { start: state.week, end: addDays(state.week, 6) };
  if (state.periodKind === 'custom' && state.from && state.to) return { start: state.from, end: state.to };
  const month = state.month ?? meta.defaultMonth;
  return { start: `${month}-01`, end: monthEnd(month) };
}

/** The trend's window: 13 months, 26 weeks, or the period's days, ending with the period. */
function trendWindow(grain, range) {
  if (grain === 'month') return { from: `${addMonths(range.end.slice(0, 7), 1 - TREND_MONTHS)}-01`, to: range.end };
  if (grain === 'week') return { from: addDays(range.end, -7 * TREND_WEEKS + 1), to: range.end };
  return { from: range.start, to: range.end };
}

function bucketEnd(grain, start) {
  if (grain === 'day') return start;
  if (grain === 'week') return addDays(start, 6);
  return monthEnd(start.slice(0, 7));
}

function definitionNode(def, currency) {
  const row = (term, text) => [el('dt', {}, term), el('dd', {}, text)];
  return el(
    'section',
    { class: 'definition', 'aria-labelledby': 'definition' },
    el('h2', { id: 'definition' }, 'Definition'),
    el(
      'dl',
      {},
      row('Formula', def.formula),
      row('Numerator', def.numeratorDefinition),
      row('Denominator', def.denominatorDefinition),
      row('Unit', def.unit === 'currency' && currency ? `${currency} (the reporting currency)` : def.unit),
      row('Value', KIND_TEXT[def.kind](def.scale)),
      row('Direction', def.direction.replaceAll('_', ' ')),
      row(
        'Target',
        def.defaultTarget === null
          ? '—'
          : `${formatAmount(def.defaultTarget, def.unit, currency)} (amber within ${formatAmount(def.amberThreshold, def.unit, currency)})`,
      ),
      row('Grain', def.grain),
      row('Owner', def.owner),
    ),
  );
}

function drillTable(page, go) {
  const sortButton = (column) => {
    const active = page.sort === column.name;
    const next = active && !page.descending ? 'desc' : 'asc';
    return el(
      'th',
      { scope: 'col', 'aria-sort': active ? (page.descending ? 'descending' : 'ascending') : 'none' },
      el(
        'button',
        { type: 'button', onclick: () => go({ sort: column.name, order: next, page: 1 }) },
        column.name,
        active ? (page.descending ? ' ▼' : ' ▲') : '',
      ),
    );
  };
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  return [
    el(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Rows behind the point' },
      el(
        'table',
        { class: 'rows', dataset: { total: String(page.total) } },
        el('thead', {}, el('tr', {}, page.columns.map(sortButton))),
        el(
          'tbody',
          {},
          page.rows.map((r) =>
            el(
              'tr',
              {},
              r.map((v) => el('td', {}, v === null ? '' : String(v))),
            ),
          ),
        ),
      ),
    ),
    el(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      el(
        'button',
        { type: 'button', disabled: page.page <= 1, onclick: () => go({ page: page.page - 1 }) },
        '← Previous',
      ),
      el('span', { class: 'row-count' }, `${page.total.toLocaleString('en')} rows · page ${page.page} of ${pages}`),
      el(
        'button',
        { type: 'button', disabled: page.page >= pages, onclick: () => go({ page: page.page + 1 }) },
        'Next →',
      ),
    ),
  ];
}

export async function renderKpi(state, meta, { navigate, periodParams }) {
  disposeCharts();
  const def = meta.registry.find((k) => k.kpi === state.kpi);
  if (!def) throw new Error(`unknown KPI ${state.kpi}`);
  const grain = def.grain === 'monthly' ? 'month' : state.grain;
  const range = periodRange(state, meta);
  const window = trendWindow(grain, range);
  const period = periodParams(state);
  const base = `/api/kpis/${def.kpi}`;
  const trend = await getJson(`${base}/trend`, { scope: state.scope, grain, ...window });
  const sites = await getJson(`${base}/sites`, period);
  const split = def.breakdown === 'all' ? null : await getJson(`${base}/breakdown`, { scope: state.scope, ...period });
  const drill = state.at ? { from: state.at, to: bucketEnd(grain, state.at) } : { from: range.start, to: range.end };
  const rowParams = {
    scope: state.scope,
    ...drill,
    breakdown: state.bv ?? undefined,
    sort: state.sort ?? undefined,
    order: state.order,
    page: state.page,
    page_size: DRILL_PAGE_SIZE,
  };
  const rows = await getJson(`${base}/rows`, rowParams);
  const go = (change) => navigate({ ...state, ...change });
  const grainButtons = el(
    'div',
    { class: 'grains', role: 'group', 'aria-label': 'Trend grain' },
    ['day', 'week', 'month'].map((g) =>
      el(
        'button',
        {
          type: 'button',
          'aria-pressed': String(g === grain),
          disabled: def.grain === 'monthly' && g !== 'month',
          onclick: () => go({ grain: g, at: null, page: 1 }),
        },
        g === 'day' ? 'Daily' : g === 'week' ? 'Weekly' : 'Monthly',
      ),
    ),
  );
  const pointPicker = el(
    'select',
    {
      id: 'drill-point',
      'aria-label': 'Drill into a point',
      onchange: (e) => go({ at: e.target.value || null, page: 1 }),
    },
    el('option', { value: '' }, `the whole period (${range.start} – ${range.end})`),
    trend.points.map((p) =>
      el(
        'option',
        { value: p.periodStart, selected: p.periodStart === state.at },
        `${p.periodStart}: ${formatAmount(p.value, def.unit, p.currency)}${p.partial ? ' (partial)' : ''}`,
      ),
    ),
  );
  const trendNode = el('div', {
    class: 'chart',
    id: 'trend-chart',
    role: 'img',
    'aria-label': `${def.label} trend with target`,
  });
  const sitesNode = el('div', {
    class: 'chart small',
    id: 'sites-chart',
    role: 'img',
    'aria-label': `${def.label} by site`,
  });
  const splitNode = split
    ? el('div', {
        class: 'chart small',
        id: 'breakdown-chart',
        role: 'img',
        'aria-label': `${def.label} by ${def.breakdown}`,
      })
    : null;
  const points = trend.points;
  const csv = urlOf(`${base}/rows.csv`, { ...rowParams, page: undefined, page_size: undefined });
  return {
    periodLabel: `${range.start} – ${range.end}`,
    nodes: [
      el('p', { class: 'crumbs' }, el('a', { href: `/${location.search}` }, '← Overview')),
      el('h1', {}, `${def.label} — ${scopeLabel(state.scope, meta)}`),
      el(
        'section',
        { 'aria-labelledby': 'trend' },
        el('h2', { id: 'trend' }, 'Trend'),
        grainButtons,
        trendNode,
        el(
          'table',
          { class: 'sr-only', id: 'trend-table' },
          el('caption', {}, `${def.label} by ${grain}`),
          el(
            'tbody',
            {},
            points.map((p) =>
              el(
                'tr',
                { dataset: { period: p.periodStart, value: p.value === null ? '' : String(p.value) } },
                el('th', { scope: 'row' }, p.periodStart),
                el('td', {}, formatAmount(p.value, def.unit, p.currency)),
              ),
            ),
          ),
        ),
      ),
      el(
        'div',
        { class: 'pair' },
        el('section', { 'aria-labelledby': 'sites' }, el('h2', { id: 'sites' }, 'All sites'), sitesNode),
        split
          ? el(
              'section',
              { 'aria-labelledby': 'breakdown' },
              el('h2', { id: 'breakdown' }, `By ${def.breakdown}`),
              splitNode,
            )
          : null,
      ),
      el(
        'section',
        { 'aria-labelledby': 'rows' },
        el('h2', { id: 'rows' }, 'Rows behind the point'),
        el(
          'p',
          { class: 'drill-controls' },
          el('label', { for: 'drill-point' }, 'Point: '),
          pointPicker,
          state.bv
            ? el(
                'button',
                { type: 'button', onclick: () => go({ bv: null, page: 1 }) },
                `${def.breakdown} = ${state.bv} ✕`,
              )
            : null,
          downloadLink(csv, 'Download CSV', `${def.kpi}.csv`),
        ),
        drillTable(rows, go),
      ),
      definitionNode(def, points.find((p) => p.currency)?.currency ?? null),
    ],
    mounted() {
      const t = chart(trendNode, trendOption({ unit: def.unit, points }));
      t.on('click', (p) => {
        const point = points[p.dataIndex];
        if (point) go({ at: point.periodStart, page: 1 });
      });
      const target = sites.sites.find((s) => s.target !== null)?.target ?? def.defaultTarget;
      chart(
        sitesNode,
        siteBarsOption({
          unit: def.unit,
          target,
          bars: sites.sites.map((s) => ({ name: s.scopeId, value: s.value, status: s.status })),
        }),
      );
      if (split && splitNode) {
        const c = chart(
          splitNode,
          breakdownOption({
            unit: def.unit,
            target: def.defaultTarget,
            bars: split.rows.map((r) => ({ name: r.breakdownValue, value: r.value, status: r.status })),
          }),
        );
        c.on('click', (p) => {
          const row = split.rows[p.dataIndex];
          if (row) go({ bv: row.breakdownValue, page: 1 });
        });
      }
    },
  };
}

// ---- data quality ---------------------------------------------------------------------------

export function table(caption, headers, rows, attrs = {}) {
  return el(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    el(
      'table',
      attrs,
      el('caption', {}, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headers.map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            {},
            r.map((v) =>
              v instanceof Node ? el('td', {}, v) : el('td', {}, v === null || v === undefined ? '' : String(v)),
            ),
          ),
        ),
      ),
    ),
  );
}

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
