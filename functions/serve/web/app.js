// The dashboard page: the state lives in the URL (path = view, query = scope, period, grain,
// drill-down), so a link reproduces the view. Controls and in-page links update the URL with
// history.pushState and re-render; the back button walks the views.
import { getJson } from './api.js';
import { renderKpi } from './kpi-page.js';
import { renderOverview } from './overview.js';
import { renderProducts } from './products.js';
import { renderQuality } from './quality.js';

const $ = (id) => document.getElementById(id);

/** The view and its parameters, read from the URL. */
export function readState(url = new URL(location.href)) {
  const q = url.searchParams;
  const kpiMatch = url.pathname.match(/^\/kpi\/([a-z0-9_]+)$/);
  const view = kpiMatch
    ? 'kpi'
    : url.pathname === '/quality'
      ? 'quality'
      : url.pathname === '/products'
        ? 'products'
        : 'overview';
  const periodKind = q.has('week') ? 'week' : q.has('from') || q.has('to') ? 'custom' : 'month';
  return {
    view,
    kpi: kpiMatch ? kpiMatch[1] : null,
    scope: q.get('scope') ?? 'company',
    periodKind,
    month: q.get('month'),
    week: q.get('week'),
    from: q.get('from'),
    to: q.get('to'),
    grain: q.get('grain') ?? 'month',
    at: q.get('at'),
    bv: q.get('bv'),
    sort: q.get('sort'),
    order: q.get('order') ?? 'asc',
    page: Number(q.get('page') ?? '1'),
    qfrom: q.get('qfrom'),
    qto: q.get('qto'),
  };
}

/** The URL of a state (only the parameters that differ from the defaults). */
export function urlOfState(state) {
  const path =
    state.view === 'kpi'
      ? `/kpi/${state.kpi}`
      : state.view === 'quality'
        ? '/quality'
        : state.view === 'products'
          ? '/products'
          : '/';
  const q = new URLSearchParams();
  if (state.view !== 'quality') {
    if (state.scope && state.scope !== 'company') q.set('scope', state.scope);
    const period = state.view === 'products' ? productMonth(state) : periodParams(state);
    for (const [k, v] of Object.entries(period)) q.set(k, v);
  }
  if (state.view === 'kpi') {
    if (state.grain && state.grain !== 'month') q.set('grain', state.grain);
    for (const k of ['at', 'bv', 'sort']) if (state[k]) q.set(k, state[k]);
    if (state.order === 'desc') q.set('order', 'desc');
    if (state.page > 1) q.set('page', String(state.page));
  }
  if (state.view === 'quality') {
    if (state.qfrom) q.set('qfrom', state.qfrom);
    if (state.qto) q.set('qto', state.qto);
  }
  return q.size ? `${path}?${q}` : path;
}

/** The period as API parameters: month=, week=, or from= & to=. */
export function periodParams(state) {
  if (state.periodKind === 'week' && state.week) return { week: state.week };
  if (state.periodKind === 'custom' && state.from && state.to) return { from: state.from, to: state.to };
  return state.month ? { month: state.month } : {};
}

/** The data products are by month: a week or range chosen elsewhere opens on the month it starts in. */
function productMonth(state) {
  const month = state.month ?? state.week?.slice(0, 7) ?? state.from?.slice(0, 7);
  return month ? { month } : {};
}

let meta;

function fillControls(state) {
  const scope = $('scope');
  if (scope.options.length === 0) {
    const add = (value, label, group) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      (group ?? scope).append(option);
    };
    add('company', 'Company');
    const regions = document.createElement('optgroup');
    regions.label = 'Regions';
    for (const r of meta.dimensions.regions) add(`region:${r}`, r, regions);
    const sites = document.createElement('optgroup');
    sites.label = 'Sites';
    for (const s of meta.dimensions.sites) add(`site:${s.siteId}`, `${s.siteId} — ${s.siteName}`, sites);
    scope.append(regions, sites);
  }
  scope.value = state.scope;
  // The data products take a month only: no week or range pickers there.
  const monthOnly = state.view === 'products';
  $('period-kind').value = monthOnly ? 'month' : state.periodKind;
  $('period-kind').hidden = monthOnly;
  $('month').value = state.month ?? meta.defaultMonth ?? '';
  $('week').value = state.week ?? '';
  $('from').value = state.from ?? '';
  $('to').value = state.to ?? '';
  for (const id of ['month', 'week', 'from', 'to']) {
    const kind = monthOnly ? 'month' : state.periodKind;
    const shown = id === kind || (kind === 'custom' && (id === 'from' || id === 'to'));
    $(id).hidden = !shown;
  }
  $('controls').hidden = state.view === 'quality';
  for (const a of document.querySelectorAll('[data-nav]')) {
    // The views keep the scope and period: a nav link carries them.
    a.setAttribute('href', urlOfState({ ...state, view: a.dataset.nav, kpi: null }));
    if (a.dataset.nav === state.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Monday of the week holding `day` (YYYY-MM-DD). */
function mondayOf(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function controlsChanged() {
  const state = readState();
  const kind = $('period-kind').value;
  const next = { ...state, scope: $('scope').value, periodKind: kind, at: null, bv: null, page: 1 };
  const month = $('month').value || meta.defaultMonth;
  if (kind === 'month') Object.assign(next, { month, week: null, from: null, to: null });
  if (kind === 'week') {
    const week = $('week').value ? mondayOf($('week').value) : mondayOf(`${month}-01`);
    Object.assign(next, { week, month: null, from: null, to: null });
  }
  if (kind === 'custom') {
    const from = $('from').value || `${month}-01`;
    const to = $('to').value || from;
    // Dates as YYYY-MM-DD compare as text; a range ending before it starts ends on its first day.
    const end = [from, to].sort()[1];
    Object.assign(next, { from, to: end, month: null, week: null });
  }
  navigate(next);
}

export function navigate(state) {
  history.pushState(null, '', urlOfState(state));
  render();
}

let rendering = 0;

async function render() {
  const state = readState();
  if (state.view !== 'quality' && state.periodKind === 'month' && !state.month) state.month = meta.defaultMonth;
  fillControls(state);
  const main = $('main');
  const ticket = ++rendering;
  main.setAttribute('aria-busy', 'true');
  try {
    const views = { kpi: renderKpi, quality: renderQuality, products: renderProducts };
    const view = views[state.view] ?? renderOverview;
    const content = await view(state, meta, { navigate, periodParams, isCurrent: () => ticket === rendering });
    if (ticket !== rendering) return;
    main.replaceChildren(...content.nodes);
    content.mounted?.();
    $('period-label').textContent = content.periodLabel ?? '';
  } catch (error) {
    if (ticket !== rendering) return;
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = error.message;
    main.replaceChildren(p);
  } finally {
    if (ticket === rendering) main.removeAttribute('aria-busy');
  }
}

async function start() {
  meta = await getJson('/api/meta');
  for (const id of ['scope', 'period-kind', 'month', 'week', 'from', 'to'])
    $(id).addEventListener('change', controlsChanged);
  $('controls').addEventListener('submit', (event) => event.preventDefault());
  // In-page links keep the page: the URL changes, the view re-renders.
  document.addEventListener('click', (event) => {
    const a = event.target.closest?.('a[href^="/"]');
    if (!a || a.hasAttribute('download') || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)
      return;
    event.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    render();
  });
  window.addEventListener('popstate', render);
  await render();
}

start();
