/**
 * The fact rows behind a KPI point: the rows of the KPI's source (drilldown-sources.ts) for the
 * scope's sites and the point's days, paged and sorted. The sort column is checked against the
 * source's own columns before it becomes an identifier; every value is a bound parameter.
 */
import { type Cell, type QueryEngine, queryAll, queryObjects, type ResultColumn } from '../query/engine.js';
import { DRILLDOWN_SOURCES, type DrilldownSource } from './drilldown-sources.js';
import type { Scope } from './scope.js';
import { siteInScopeFilter } from './scope.js';
import { type Fragment, sql, text, value } from './sql.js';

export const DRILLDOWN_PAGE_SIZE = 50;
export const DRILLDOWN_MAX_PAGE_SIZE = 500;

export interface DrilldownRequest {
  readonly kpi: string;
  readonly scope: Scope;
  readonly from: string;
  readonly to: string;
  /** Only rows of this breakdown value (a carrier, a cost category). */
  readonly breakdownValue?: string;
  readonly sort?: string;
  readonly descending?: boolean;
  readonly page?: number;
  readonly pageSize?: number;
}

export interface DrilldownPage {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Cell[][];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: string;
  readonly descending: boolean;
}

export class DrilldownError extends Error {}

export function drilldownSource(kpi: string): DrilldownSource {
  const source = DRILLDOWN_SOURCES[kpi];
  if (!source) throw new DrilldownError(`KPI ${kpi} has no drill-down source`);
  return source;
}

/** The source's column names (a zero-row read), to validate a sort column against. */
export async function drilldownColumns(engine: QueryEngine, kpi: string): Promise<readonly ResultColumn[]> {
  const source = drilldownSource(kpi);
  const { columns } = await queryAll(engine, `select * from ${source.from} as f limit 0`);
  return columns;
}

function filtered(request: DrilldownRequest, source: DrilldownSource): Fragment {
  const scope = siteInScopeFilter(request.scope, 'f.site_id');
  const breakdown =
    request.breakdownValue !== undefined && source.breakdownColumn
      ? sql` and ${text(`f.${source.breakdownColumn}`)} = ${value(request.breakdownValue)}`
      : text('');
  return sql`from ${text(source.from)} as f
where ${text(`f.${source.dateColumn}`)} between cast(${value(request.from)} as date) and cast(${value(request.to)} as date)
  and ${scope}${text(source.where ? ` and (${source.where})` : '')}${breakdown}`;
}

/** Every row, sorted — the CSV download streams this. */
export async function drilldownQuery(engine: QueryEngine, request: DrilldownRequest): Promise<Fragment> {
  const source = drilldownSource(request.kpi);
  const columns = await drilldownColumns(engine, request.kpi);
  const sort = request.sort ?? source.orderBy;
  if (!columns.some((c) => c.name === sort)) {
    throw new DrilldownError(
      `sort: ${request.kpi} rows have no column "${sort}" (columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  }
  // A known column name of our own tables, quoted; the tie-break keeps pages stable.
  const order = text(
    `order by "${sort}" ${request.descending ? 'desc' : 'asc'} nulls last, site_id, ${source.dateColumn}, ${source.orderBy}`,
  );
  return sql`select f.* ${filtered(request, source)} ${order}`;
}

export async function drilldown(engine: QueryEngine, request: DrilldownRequest): Promise<DrilldownPage> {
  const source = drilldownSource(request.kpi);
  const pageSize = Math.min(request.pageSize ?? DRILLDOWN_PAGE_SIZE, DRILLDOWN_MAX_PAGE_SIZE);
  const page = request.page ?? 1;
  const rowsQuery = await drilldownQuery(engine, request);
  const paged = sql`${rowsQuery} limit ${value(pageSize)} offset ${value((page - 1) * pageSize)}`;
  const countQuery = sql`select count(*) as n ${filtered(request, source)}`;
  const { columns, rows } = await queryAll(engine, paged.sql, paged.params);
  const [count] = await queryObjects<{ n: bigint | number }>(engine, countQuery.sql, countQuery.params);
  return {
    columns,
    rows,
    total: Number(count?.n ?? 0),
    page,
    pageSize,
    sort: request.sort ?? source.orderBy,
    descending: request.descending ?? false,
  };
}
