/** Shorthands for writing expectations; every number passed in is worked out by hand. */
import type { KpiExpectation } from './types.js';

type Scope = KpiExpectation['scope'];
type Where = { scope?: Scope; id: string; period: string; breakdown?: string };

/** A ratio row: value = scale × numerator ÷ denominator (null when the denominator is 0). */
export function ratio(
  table: KpiExpectation['table'],
  kpi: string,
  where: Where,
  numerator: number,
  denominator: number,
  value: number | null,
  work: string,
  status?: KpiExpectation['status'],
): KpiExpectation {
  return {
    kpi,
    table,
    scope: where.scope ?? 'site',
    id: where.id,
    period: where.period,
    ...(where.breakdown ? { breakdown: where.breakdown } : {}),
    numerator,
    denominator,
    value,
    ...(status !== undefined ? { status } : {}),
    work,
  };
}

/** A sum row: value = numerator, no denominator. */
export function total(table: KpiExpectation['table'], kpi: string, where: Where, value: number, work: string) {
  return { ...ratio(table, kpi, where, value, 0, value, work), denominator: null };
}

/** A distribution row: Σ and count of the observations, their median and 90th percentile. */
export function distribution(
  table: KpiExpectation['table'],
  kpi: string,
  where: Where,
  sum: number,
  count: number,
  median: number,
  p90: number,
  work: string,
): KpiExpectation {
  return { ...ratio(table, kpi, where, sum, count, median, work), p90 };
}
