/**
 * A KPI value as people read it, by the registry's unit. Shared by the dashboard's tiles, chart
 * labels and the report; no DOM, no Node — it runs in the browser as is.
 */

/** Small rates (shrinkage, defects) need the extra digit to differ from zero. */
const SMALL_RATE = 0.01;

export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  // A true minus sign, as formatChange writes it, so a column of values and changes reads alike.
  return value < 0 ? `−${formatMagnitude(-value, unit)}` : formatMagnitude(value, unit);
}

function formatMagnitude(value: number, unit: string): string {
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(value < SMALL_RATE && value !== 0 ? 2 : 1)}%`;
    case 'percent':
      return `${value.toFixed(1)}%`;
    case 'currency':
      return value.toFixed(2);
    case 'units':
      return Math.round(value).toLocaleString('en');
    default:
      return value.toFixed(value !== 0 && value < 10 ? 2 : 1);
  }
}

/** A change between two values: percentage points for ratios, otherwise the unit's own. */
export function formatChange(change: number | null | undefined, unit: string): string {
  if (change === null || change === undefined || Number.isNaN(change)) return '–';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  if (unit === 'ratio') return `${sign}${(size * 100).toFixed(size < SMALL_RATE && size !== 0 ? 2 : 1)} pp`;
  if (unit === 'percent') return `${sign}${size.toFixed(1)} pp`;
  const text = formatValue(size, unit);
  return `${sign}${text}`;
}

/** The short axis label of a unit. */
export function unitSuffix(unit: string): string {
  switch (unit) {
    case 'ratio':
    case 'percent':
      return '%';
    case 'hours':
      return 'h';
    default:
      return '';
  }
}
