/**
 * The report's scope (`--scope company | region:<name> | site:<id>`) and the scorecard columns it
 * shows: the company report has every site, every region and the company; a region's report its
 * sites and the region; a site's report the site alone.
 */
import { COMPANY, type Dimensions, type Scope, scopeExists } from '../kpis/index.js';

export function parseScope(text: string): Scope {
  const [level, ...rest] = text.split(':');
  const id = rest.join(':');
  if (level === 'company' && id === '') return COMPANY;
  if ((level === 'region' || level === 'site') && id !== '') return { level, id };
  throw new Error(`--scope must be company, region:<region> or site:<site id>, got "${text}"`);
}

export const scopeKey = (scope: Scope): string => `${scope.level}:${scope.id}`;

export function scopeLabel(scope: Scope, dimensions: Dimensions): string {
  if (scope.level === 'company') return 'Company';
  if (scope.level === 'region') return scope.id;
  const site = dimensions.sites.find((s) => s.siteId === scope.id);
  return site ? `${site.siteId} ${site.siteName}` : scope.id;
}

/** The scopes the scorecard shows, sites first, then regions, then the company. */
export function reportColumns(scope: Scope, dimensions: Dimensions): Scope[] {
  if (!scopeExists(dimensions, scope)) {
    const known = [...dimensions.regions.map((r) => `region:${r}`), ...dimensions.sites.map((s) => `site:${s.siteId}`)];
    throw new Error(`unknown scope ${scopeKey(scope)}; known: company, ${known.join(', ')}`);
  }
  const inScope = dimensions.sites.filter(
    (s) => scope.level === 'company' || (scope.level === 'region' && s.region === scope.id) || s.siteId === scope.id,
  );
  const sites: Scope[] = inScope.map((s) => ({ level: 'site', id: s.siteId }));
  if (scope.level === 'site') return sites;
  const regions: Scope[] = [...new Set(inScope.map((s) => s.region))].sort().map((id) => ({ level: 'region', id }));
  return scope.level === 'region' ? [...sites, ...regions] : [...sites, ...regions, COMPANY];
}

/** The site ids a scope covers. */
export function sitesOf(scope: Scope, dimensions: Dimensions): string[] {
  return dimensions.sites
    .filter(
      (s) => scope.level === 'company' || (scope.level === 'region' && s.region === scope.id) || s.siteId === scope.id,
    )
    .map((s) => s.siteId);
}
