/** Formatting shared by the report's sections: values and changes in their unit, status chips. */
import { formatChange, formatValue } from '../../charts/index.js';
import type { Scope, Tile } from '../../kpis/index.js';
import type { ReportData } from '../data.js';
import { type Html, html } from '../html.js';
import { sitesOf } from '../scope.js';

export { formatChange, formatValue };

export function statusChip(status: string | null | undefined, incomplete = false): Html {
  const word = status ?? '–';
  return html`<span class="st st-${status ?? 'none'}">${word}${incomplete ? '*' : ''}</span>`;
}

export const directionArrow = (direction: string): string => (direction === 'higher_is_better' ? '↑' : '↓');

/** True when a KPI value at the scope rests on incomplete inputs: a partial month or a missing or late feed. */
export function isIncomplete(data: ReportData, scope: Scope, tile: Tile): boolean {
  if (tile.partial) return true;
  return sitesOf(scope, data.dimensions).some((site) => data.quality.incompleteSites.has(site));
}

export const monthName = (month: string): string =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The reporting currency, as the month's money tiles carry it (kpi_monthly.currency_code); null with none. */
export function reportingCurrency(data: ReportData): string | null {
  for (const card of data.scorecards.values()) {
    const currency = card.tiles.find((t) => t.currency)?.currency;
    if (currency) return currency;
  }
  return null;
}

export const labelOf = (data: ReportData, kpi: string): string =>
  data.registry.find((k) => k.kpi === kpi)?.label ?? kpi;
