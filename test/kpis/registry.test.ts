import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DRILLDOWN_SOURCES } from '../../functions/kpis/drilldown-sources.js';
import { KPI_DOMAIN } from '../../functions/kpis/registry.js';
import { kpiStatus } from '../../functions/kpis/status.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { HEADLINE_KPIS } from '../../functions/report/data.js';

const registry = (
  parse(readFileSync(join(repoRoot, 'transforms/models/kpis/_kpi_registry.yml'), 'utf8')) as {
    models: { name: string; config: { meta: { kpis: { name: string }[] } } }[];
  }
).models
  .find((m) => m.name === 'kpi_registry')
  ?.config.meta.kpis.map((k) => k.name);

describe('the dashboard knows every KPI of the registry', () => {
  it('groups each under a domain and nothing else', () => {
    expect(registry?.length).toBeGreaterThan(0);
    expect(Object.keys(KPI_DOMAIN).sort()).toEqual([...(registry ?? [])].sort());
  });

  it("draws the report's headline trends only for KPIs the registry has", () => {
    expect(HEADLINE_KPIS.filter((kpi) => !registry?.includes(kpi))).toEqual([]);
  });

  it('has a drill-down source for each', () => {
    expect(Object.keys(DRILLDOWN_SOURCES).sort()).toEqual([...(registry ?? [])].sort());
  });
});

describe('kpiStatus', () => {
  it('is green on the good side, amber within the threshold, red beyond', () => {
    expect(kpiStatus(0.96, 0.95, 'higher_is_better', 0.05)).toBe('green');
    expect(kpiStatus(0.92, 0.95, 'higher_is_better', 0.05)).toBe('amber');
    expect(kpiStatus(0.8, 0.95, 'higher_is_better', 0.05)).toBe('red');
    expect(kpiStatus(30, 24, 'lower_is_better', 12)).toBe('amber');
    expect(kpiStatus(37, 24, 'lower_is_better', 12)).toBe('red');
    expect(kpiStatus(24, 24, 'lower_is_better', null)).toBe('green');
    expect(kpiStatus(25, 24, 'lower_is_better', null)).toBe('red');
    expect(kpiStatus(null, 24, 'lower_is_better', 1)).toBeNull();
    expect(kpiStatus(3, null, 'lower_is_better', 1)).toBeNull();
  });

  it('judges the value as displayed, so 98.0 % is never flagged against 98 %', () => {
    expect(kpiStatus(0.97993, 0.98, 'higher_is_better', 0.02)).toBe('amber');
    expect(kpiStatus(0.97993, 0.98, 'higher_is_better', 0.02, 3)).toBe('green');
    expect(kpiStatus(0.97949, 0.98, 'higher_is_better', 0.02, 3)).toBe('amber');
    expect(kpiStatus(24.04, 24, 'lower_is_better', 12, 1)).toBe('green');
  });

  it('reads closer-to-zero variances as a symmetric band around zero', () => {
    expect(kpiStatus(-52.9, 2, 'closer_to_zero_is_better', 3, 1)).toBe('red');
    expect(kpiStatus(-4.7, 2, 'closer_to_zero_is_better', 3, 1)).toBe('amber');
    expect(kpiStatus(4.7, 2, 'closer_to_zero_is_better', 3, 1)).toBe('amber');
    expect(kpiStatus(-1.2, 2, 'closer_to_zero_is_better', 3, 1)).toBe('green');
  });
});
