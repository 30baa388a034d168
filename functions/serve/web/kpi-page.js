// The KPI page: trend with target, sites side by side, breakdown, drill-down rows and the definition.
import { breakdownOption, formatAmount, siteBarsOption, trendOption } from '/charts/index.js';
import { getJson, urlOf } from './api.js';
import { chart, disposeCharts, downloadLink, el, scopeLabel } from './dom.js';

const DRILL_PAGE_SIZE = 25;
const KIND_TEXT = {
  ratio: (scale) =>
    `${scale !== 1 ? `${scale} × ` : ''}Σ numerator ÷ Σ denominator, re-computed from the parts at every scope and period`,
  sum: () => 'Σ numerator',
  distribution: () => 'median of the observations (p90 alongside; mean = numerator ÷ denominator)',
};
const TREND_MONTHS = 13;
const TREND_WEEKS = 26;

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
  const data = await loadKpi(def, state, grain, range, periodParams(state));
  const view = { def, state, grain, range, go: (change) => navigate({ ...state, ...change }) };
  const charts = chartNodes(def, data.split);
  const points = data.trend.points;
  return {
    periodLabel: `${range.start} – ${range.end}`,
    nodes: [
      el('p', { class: 'crumbs' }, el('a', { href: `/${location.search}` }, '← Overview')),
      el('h1', {}, `${def.label} — ${scopeLabel(state.scope, meta)}`),
      trendSection(view, points, charts.trend),
      comparisonPair(def, charts),
      rowsSection(view, points, data),
      definitionNode(def, points.find((p) => p.currency)?.currency ?? null),
    ],
    mounted() {
      mountCharts(view, data, charts);
    },
  };
}

/** The page's reads, one after another: trend, sites, breakdown (when the KPI has one), rows. */
async function loadKpi(def, state, grain, range, period) {
  const base = `/api/kpis/${def.kpi}`;
  const trend = await getJson(`${base}/trend`, { scope: state.scope, grain, ...trendWindow(grain, range) });
  const sites = await getJson(`${base}/sites`, period);
  const split = def.breakdown === 'all' ? null : await getJson(`${base}/breakdown`, { scope: state.scope, ...period });
  const rowParams = rowQuery(state, grain, range);
  const rows = await getJson(`${base}/rows`, rowParams);
  const csv = urlOf(`${base}/rows.csv`, { ...rowParams, page: undefined, page_size: undefined });
  return { trend, sites, split, rows, csv };
}

/** The drill-down's request: the chosen point's bucket, else the whole period. */
function rowQuery(state, grain, range) {
  const drill = state.at ? { from: state.at, to: bucketEnd(grain, state.at) } : { from: range.start, to: range.end };
  return {
    scope: state.scope,
    ...drill,
    breakdown: state.bv ?? undefined,
    sort: state.sort ?? undefined,
    order: state.order,
    page: state.page,
    page_size: DRILL_PAGE_SIZE,
  };
}

/** The charts' containers; ECharts draws into them once they are on the page (mountCharts). */
function chartNodes(def, split) {
  const node = (id, size, label) => el('div', { class: size, id, role: 'img', 'aria-label': label });
  return {
    trend: node('trend-chart', 'chart', `${def.label} trend with target`),
    sites: node('sites-chart', 'chart small', `${def.label} by site`),
    split: split ? node('breakdown-chart', 'chart small', `${def.label} by ${def.breakdown}`) : null,
  };
}

function trendSection({ def, grain, go }, points, trendNode) {
  return el(
    'section',
    { 'aria-labelledby': 'trend' },
    el('h2', { id: 'trend' }, 'Trend'),
    grainButtons(def, grain, go),
    trendNode,
    trendTable(def, grain, points),
  );
}

function grainButtons(def, grain, go) {
  return el(
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
}

/** The trend's points as a table for screen readers (the chart is a canvas). */
function trendTable(def, grain, points) {
  return el(
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
  );
}

/** All sites, and beside it the breakdown when the KPI has one. */
function comparisonPair(def, charts) {
  return el(
    'div',
    { class: 'pair' },
    el('section', { 'aria-labelledby': 'sites' }, el('h2', { id: 'sites' }, 'All sites'), charts.sites),
    charts.split
      ? el(
          'section',
          { 'aria-labelledby': 'breakdown' },
          el('h2', { id: 'breakdown' }, `By ${def.breakdown}`),
          charts.split,
        )
      : null,
  );
}

function rowsSection(view, points, { rows, csv }) {
  const { def, state, go } = view;
  return el(
    'section',
    { 'aria-labelledby': 'rows' },
    el('h2', { id: 'rows' }, 'Rows behind the point'),
    el(
      'p',
      { class: 'drill-controls' },
      el('label', { for: 'drill-point' }, 'Point: '),
      pointPicker(view, points),
      state.bv
        ? el('button', { type: 'button', onclick: () => go({ bv: null, page: 1 }) }, `${def.breakdown} = ${state.bv} ✕`)
        : null,
      downloadLink(csv, 'Download CSV', `${def.kpi}.csv`),
    ),
    drillTable(rows, go),
  );
}

function pointPicker({ def, state, range, go }, points) {
  return el(
    'select',
    {
      id: 'drill-point',
      'aria-label': 'Drill into a point',
      onchange: (e) => go({ at: e.target.value || null, page: 1 }),
    },
    el('option', { value: '' }, `the whole period (${range.start} – ${range.end})`),
    points.map((p) =>
      el(
        'option',
        { value: p.periodStart, selected: p.periodStart === state.at },
        `${p.periodStart}: ${formatAmount(p.value, def.unit, p.currency)}${p.partial ? ' (partial)' : ''}`,
      ),
    ),
  );
}

/** A click on a trend point or a breakdown bar drills into its rows. */
function mountCharts({ def, go }, { trend, sites, split }, charts) {
  const points = trend.points;
  const t = chart(charts.trend, trendOption({ unit: def.unit, points }));
  t.on('click', (p) => {
    const point = points[p.dataIndex];
    if (point) go({ at: point.periodStart, page: 1 });
  });
  const target = sites.sites.find((s) => s.target !== null)?.target ?? def.defaultTarget;
  chart(
    charts.sites,
    siteBarsOption({
      unit: def.unit,
      target,
      bars: sites.sites.map((s) => ({ name: s.scopeId, value: s.value, status: s.status })),
    }),
  );
  if (split && charts.split) {
    const c = chart(
      charts.split,
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
}
