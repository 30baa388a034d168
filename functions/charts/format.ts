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

/**
 * `value` to `digits` decimals, half up on the decimal the number prints as — what SQL's round()
 * does to the DECIMAL the warehouse holds. toFixed rounds the binary double instead: 253.385 is
 * stored as 253.38499…, so toFixed gives 253.38 where the warehouse's status judged 253.39.
 * Shifting through the exponent of the shortest decimal string ("253.385e2" is exactly 25338.5)
 * rounds the digits people and SQL see. `percentOf` shows a ratio as a percentage through the
 * same shift (0.97995 × 100 in binary is 97.99499…). For non-negative values (callers pass magnitudes).
 */
export function toFixedHalfUp(value: number, digits: number, percentOf = false): string {
  const power = digits + (percentOf ? 2 : 0);
  const shifted = Math.round(Number(`${value}e${power}`));
  // A value printed in exponent form (1e-7) does not shift by text: plain rounding is right there.
  if (!Number.isFinite(shifted)) return (percentOf ? value * 100 : value).toFixed(digits);
  return Number(`${shifted}e-${digits}`).toFixed(digits);
}

function formatMagnitude(value: number, unit: string): string {
  switch (unit) {
    case 'ratio':
      return `${toFixedHalfUp(value, value < SMALL_RATE && value !== 0 ? 2 : 1, true)}%`;
    case 'percent':
      return `${toFixedHalfUp(value, 1)}%`;
    case 'currency':
      return toFixedHalfUp(value, 2);
    case 'units':
      return Math.round(value).toLocaleString('en');
    default:
      return toFixedHalfUp(value, value !== 0 && value < 10 ? 2 : 1);
  }
}

/**
 * A value with its currency when it is an amount ("245.10 USD"): money KPIs whose unit is a
 * percentage (variances) are ratios of two amounts and carry none.
 */
export function formatAmount(value: number | null | undefined, unit: string, currency?: string | null): string {
  const text = formatValue(value, unit);
  return unit === 'currency' && currency && text !== '–' ? `${text} ${currency}` : text;
}

/** A change between two values: percentage points for ratios, otherwise the unit's own. */
export function formatChange(change: number | null | undefined, unit: string): string {
  if (change === null || change === undefined || Number.isNaN(change)) return '–';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  if (unit === 'ratio') return `${sign}${toFixedHalfUp(size, size < SMALL_RATE && size !== 0 ? 2 : 1, true)} pp`;
  if (unit === 'percent') return `${sign}${toFixedHalfUp(size, 1)} pp`;
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
