/** Which days the data covers, so a period the data does not span whole is marked partial. */
import { type QueryEngine, queryObjects } from '../query/engine.js';
import type { DataCoverage } from './period.js';
import { kpiScopeFilter, type Scope } from './scope.js';

export async function dataCoverage(engine: QueryEngine, scope: Scope): Promise<DataCoverage> {
  const filter = kpiScopeFilter(scope, 'd');
  const [row] = await queryObjects<{ first_day: string | null; last_day: string | null }>(
    engine,
    `select min(d.kpi_date) as first_day, max(d.kpi_date) as last_day from kpi_daily as d where ${filter.sql}`,
    filter.params,
  );
  return { firstDay: row?.first_day ?? null, lastDay: row?.last_day ?? null };
}
