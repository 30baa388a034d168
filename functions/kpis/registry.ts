/**
 * The KPI registry as readers see it: the `kpi_registry` table dbt builds from
 * `transforms/models/kpis/_kpi_registry.yml` (the one place a KPI is defined), plus the dashboard
 * domain each KPI is grouped under.
 */
import { type QueryEngine, queryObjects } from '../query/engine.js';

export type KpiKind = 'ratio' | 'sum' | 'distribution';
export type KpiGrain = 'daily' | 'monthly';
export type KpiDirection = 'higher_is_better' | 'lower_is_better' | 'closer_to_zero_is_better';

export interface KpiDefinition {
  readonly kpi: string;
  readonly label: string;
  readonly formula: string;
  readonly numeratorDefinition: string;
  readonly denominatorDefinition: string;
  readonly unit: string;
  readonly kind: KpiKind;
  readonly scale: number;
  readonly grain: KpiGrain;
  /** 'all', or the dimension the KPI is published by (carrier_id, cost_category). */
  readonly breakdown: string;
  readonly direction: KpiDirection;
  readonly owner: string;
  readonly defaultTarget: number | null;
  readonly amberThreshold: number | null;
  /** Decimals of the value as displayed; status judges the value rounded to them. */
  readonly displayDecimals: number;
  readonly domain: KpiDomain;
}

/** The business domains the overview groups tiles by, in display order. */
export const KPI_DOMAINS = ['fulfilment', 'transport', 'warehouse', 'workforce', 'finance', 'service'] as const;
export type KpiDomain = (typeof KPI_DOMAINS)[number];

/**
 * Which domain a KPI's tile sits in. The registry's `owner` is the accountable team (quality,
 * safety…), not the process area a site lead reviews, so the grouping is named here; a registry
 * KPI missing from this map fails test/kpis/registry.test.ts.
 */
export const KPI_DOMAIN: Readonly<Record<string, KpiDomain>> = {
  order_to_ship_h: 'fulfilment',
  order_to_delivery_h: 'fulfilment',
  units_shipped: 'fulfilment',
  otif_rate: 'fulfilment',
  line_fill_rate: 'fulfilment',
  perfect_order_rate: 'fulfilment',
  on_time_delivery_rate: 'transport',
  carrier_on_time_rate: 'transport',
  dock_to_stock_h: 'warehouse',
  defect_rate: 'warehouse',
  first_time_right_rate: 'warehouse',
  inventory_record_accuracy: 'warehouse',
  shrinkage_rate: 'warehouse',
  units_per_labor_hour: 'workforce',
  overtime_rate: 'workforce',
  schedule_adherence: 'workforce',
  schedule_attainment: 'workforce',
  recordable_incidents: 'workforce',
  turnover_rate: 'workforce',
  trir: 'workforce',
  cost_per_order: 'finance',
  budget_variance_pct: 'finance',
  vendor_billing_variance_pct: 'finance',
  return_rate: 'service',
  returns_cycle_time_h: 'service',
  nps: 'service',
};

interface RegistryRow extends Record<string, string | number | null> {
  kpi: string;
  label: string;
  formula: string;
  numerator_definition: string;
  denominator_definition: string;
  unit: string;
  kind: string;
  scale: number | null;
  grain: string;
  breakdown: string;
  direction: string;
  owner: string;
  default_target: number | null;
  amber_threshold: number | null;
  display_decimals: number;
}

const REGISTRY_SQL = `
select kpi, label, formula, numerator_definition, denominator_definition, unit, kind, scale, grain,
       breakdown, direction, owner, default_target, amber_threshold, display_decimals
from kpi_registry
order by kpi`;

/** Every KPI of the registry, in registry order of domains then name. */
export async function loadRegistry(engine: QueryEngine): Promise<KpiDefinition[]> {
  const rows = await queryObjects<RegistryRow>(engine, REGISTRY_SQL);
  return rows.map((r) => ({
    kpi: r.kpi,
    label: r.label,
    formula: r.formula,
    numeratorDefinition: r.numerator_definition,
    denominatorDefinition: r.denominator_definition,
    unit: r.unit,
    kind: r.kind as KpiKind,
    scale: r.scale ?? 1,
    grain: r.grain as KpiGrain,
    breakdown: r.breakdown,
    direction: r.direction as KpiDirection,
    owner: r.owner,
    defaultTarget: r.default_target,
    amberThreshold: r.amber_threshold,
    displayDecimals: r.display_decimals,
    domain: KPI_DOMAIN[r.kpi] ?? 'fulfilment',
  }));
}

/** The definitions by name, for lookups and request validation. */
export function registryByName(registry: readonly KpiDefinition[]): ReadonlyMap<string, KpiDefinition> {
  return new Map(registry.map((k) => [k.kpi, k]));
}
