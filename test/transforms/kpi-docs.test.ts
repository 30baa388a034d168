/**
 * The KPI registry is the one place a KPI is defined: docs/kpis.md must be regenerated from it,
 * and every registry entry must be complete and consistent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kpiDocsPath, readKpiRegistry, renderKpiDocs } from '../../functions/local/kpi-docs.js';

const kpis = readKpiRegistry();

describe('KPI registry', () => {
  it('holds every KPI of the DESIGN.md catalog once', () => {
    const names = kpis.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(
      [
        'order_to_ship_h',
        'order_to_delivery_h',
        'dock_to_stock_h',
        'units_shipped',
        'on_time_delivery_rate',
        'otif_rate',
        'line_fill_rate',
        'perfect_order_rate',
        'defect_rate',
        'first_time_right_rate',
        'return_rate',
        'returns_cycle_time_h',
        'cost_per_order',
        'budget_variance_pct',
        'vendor_billing_variance_pct',
        'units_per_labor_hour',
        'overtime_rate',
        'schedule_adherence',
        'schedule_attainment',
        'turnover_rate',
        'trir',
        'recordable_incidents',
        'inventory_record_accuracy',
        'shrinkage_rate',
        'carrier_on_time_rate',
        'nps',
      ].sort(),
    );
  });

  it('gives every KPI a formula, unit, grain, direction, owner and a consistent target', () => {
    for (const k of kpis) {
      expect(k.formula.length, k.name).toBeGreaterThan(20);
      expect(k.unit, k.name).toBeTruthy();
      expect(k.owner, k.name).toBeTruthy();
      expect(['daily', 'monthly'], k.name).toContain(k.grain);
      expect(['higher_is_better', 'lower_is_better', 'closer_to_zero_is_better'], k.name).toContain(k.direction);
      // Every KPI names the standard it follows, or says why it deviates.
      expect(k.standard.length, k.name).toBeGreaterThan(40);
      expect(k.standard, k.name).toMatch(
        /SCOR|OSHA|WERC|APQC|SHRM|BLS|NRF|ASQ|Reichheld|standard|accounting|management/,
      );
      expect(typeof k.follows_standard, k.name).toBe('boolean');
      expect(Number.isInteger(k.display_decimals), k.name).toBe(true);
      expect(['ratio', 'sum', 'distribution'], k.name).toContain(k.kind);
      expect(k.scale, k.name).toBeGreaterThan(0);
      // A target without an amber threshold (or the reverse) cannot give a red/amber/green status.
      expect(k.default_target === null, k.name).toBe(k.amber_threshold === null);
    }
  });

  it('marks money KPIs — every KPI in a currency, and the variances of money amounts — and no other', () => {
    // money: true puts a KPI in the reporting currency at every scope (kpi_monthly.currency_code).
    expect(kpis.filter((k) => k.money).map((k) => k.name)).toEqual([
      'cost_per_order',
      'budget_variance_pct',
      'vendor_billing_variance_pct',
    ]);
    for (const k of kpis) if (k.unit === 'currency') expect(k.money, k.name).toBe(true);
  });

  it('docs/kpis.md is up to date (run `npx tsx functions/local/kpi-docs.ts`)', () => {
    expect(readFileSync(kpiDocsPath, 'utf8')).toBe(renderKpiDocs(kpis));
  });
});
