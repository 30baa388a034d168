/**
 * Red / amber / green against a target — the rule of the dbt macro `kpi_status`
 * (transforms/macros/kpi_framework.sql), applied to values the warehouse does not publish (weeks,
 * custom ranges). test/serve/agreement.test.ts checks it gives the published status on every
 * kpi_monthly row of a built warehouse.
 */
import type { KpiDirection } from './registry.js';

export type KpiStatus = 'green' | 'amber' | 'red';

export function kpiStatus(
  value: number | null,
  target: number | null,
  direction: KpiDirection,
  amberThreshold: number | null,
): KpiStatus | null {
  if (value === null || target === null) return null;
  const amber = amberThreshold ?? 0;
  if (direction === 'higher_is_better') {
    if (value >= target) return 'green';
    return value >= target - amber ? 'amber' : 'red';
  }
  if (value <= target) return 'green';
  return value <= target + amber ? 'amber' : 'red';
}
