// The overview: KPI tiles by domain for a scope and period, each with its target, status, changes and sparkline.
import { formatAmount, formatChange, formatValue, sparklineOption } from '/charts/index.js';
import { getJson } from './api.js';
import { chart, disposeCharts, el, partialMark, STATUS_TEXT, scopeLabel, statusBadge } from './dom.js';

const DOMAIN_TITLES = {
  fulfilment: 'Fulfilment',
  transport: 'Transport',
  warehouse: 'Warehouse',
  workforce: 'Workforce',
  finance: 'Finance',
  service: 'Service',
};

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
