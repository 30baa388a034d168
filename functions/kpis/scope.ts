/**
 * The scopes a KPI is published at — one site, one region, or the company — and the dimension
 * values (sites, regions) a request may name, read from `dim_site`.
 */
import type { Param, QueryEngine } from '../query/engine.js';
import { queryObjects } from '../query/engine.js';

export type ScopeLevel = 'company' | 'region' | 'site';

export interface Scope {
  readonly level: ScopeLevel;
  /** The site id, the region name, or 'company' (as `kpi_daily.scope_id`). */
  readonly id: string;
}

export const COMPANY: Scope = { level: 'company', id: 'company' };

export interface Site {
  readonly siteId: string;
  readonly siteName: string;
  readonly region: string;
}

export interface Dimensions {
  readonly sites: readonly Site[];
  readonly regions: readonly string[];
}

export async function loadDimensions(engine: QueryEngine): Promise<Dimensions> {
  const rows = await queryObjects<{ site_id: string; site_name: string | null; region: string | null }>(
    engine,
    'select site_id, site_name, region from dim_site order by site_id',
  );
  const sites = rows.map((r) => ({ siteId: r.site_id, siteName: r.site_name ?? r.site_id, region: r.region ?? '' }));
  return { sites, regions: [...new Set(sites.map((s) => s.region).filter((r) => r !== ''))].sort() };
}

/** True when the dimensions know the scope. */
export function scopeExists(dimensions: Dimensions, scope: Scope): boolean {
  switch (scope.level) {
    case 'company':
      return scope.id === 'company';
    case 'region':
      return dimensions.regions.includes(scope.id);
    case 'site':
      return dimensions.sites.some((s) => s.siteId === scope.id);
  }
}

/** `scope_level = ? and scope_id = ?` on kpi_daily / kpi_monthly (alias `alias`). */
export function kpiScopeFilter(scope: Scope, alias: string): { sql: string; params: Param[] } {
  return { sql: `${alias}.scope_level = ? and ${alias}.scope_id = ?`, params: [scope.level, scope.id] };
}

/**
 * A filter on a `site_id` column (of a fact or of observations) to the sites in the scope, through
 * dim_site — one fixed SQL text whatever the scope, with the scope as parameters.
 */
export function siteInScopeFilter(scope: Scope, column: string): { sql: string; params: Param[] } {
  return {
    sql: `${column} in (select site_id from dim_site where ? = 'company' or (? = 'region' and region = ?) or (? = 'site' and site_id = ?))`,
    params: [scope.level, scope.level, scope.id, scope.level, scope.id],
  };
}
