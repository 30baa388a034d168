// What every view builds with: elements (text via textContent only: nothing from the data is
// parsed as HTML), tables, badges, download links and the ECharts instances of the view on screen.
import * as echarts from '/vendor/echarts.js';

export const STATUS_TEXT = { green: 'On target', amber: 'Near target', red: 'Off target' };

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
export function chart(node, option, renderer = 'canvas') {
  const instance = echarts.init(node, null, { renderer });
  instance.setOption(option);
  charts.push(instance);
  return instance;
}
export function disposeCharts() {
  for (const c of charts) c.dispose();
  charts = [];
}
window.addEventListener('resize', () => {
  for (const c of charts) c.resize();
});

export function scopeLabel(scope, meta) {
  if (scope === 'company') return 'Company';
  const [level, id] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  if (level === 'site') return `${id} — ${meta.dimensions.sites.find((s) => s.siteId === id)?.siteName ?? id}`;
  return `${id} region`;
}

export function statusBadge(status) {
  return el('span', { class: `badge ${status ?? 'none'}` }, status ? STATUS_TEXT[status] : 'No target');
}

export const partialMark = (what = 'Partial period') =>
  el('span', { class: 'partial', title: 'The data does not cover this whole period' }, `◐ ${what}`);

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
