/**
 * Red / amber / green against a target — the rule of the dbt macro `kpi_status`
 * (transforms/macros/kpi_framework.sql), applied to values the warehouse does not publish (weeks,
 * custom ranges). test/serve/agreement.test.ts checks it gives the published status on every
 * kpi_monthly row of a built warehouse.
 */
import type { KpiDirection } from './registry.js';

export type KpiStatus = 'green' | 'amber' | 'red';

/**
 * `displayDecimals`: the value is judged as displayed (rounded half away from zero, as SQL round
 * does), so 0.97993 shown as 98.0 % is green against a 98 % target. closer_to_zero_is_better
 * (variances) judges |value| against the target, a tolerated distance from zero either way.
 */
export function kpiStatus(
  value: number | null,
  target: number | null,
  direction: KpiDirection,
  amberThreshold: number | null,
  displayDecimals?: number,
): KpiStatus | null {
  if (value === null || target === null) return null;
  const amber = amberThreshold ?? 0;
  const shown = displayDecimals === undefined ? value : roundHalfAway(value, displayDecimals);
  if (direction === 'higher_is_better') {
    if (shown >= target) return 'green';
    return shown >= target - amber ? 'amber' : 'red';
  }
  const judged = direction === 'closer_to_zero_is_better' ? Math.abs(shown) : shown;
  if (judged <= target) return 'green';
  return judged <= target + amber ? 'amber' : 'red';
}

function roundHalfAway(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}
