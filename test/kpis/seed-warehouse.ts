/**
 * A small warehouse seeded by hand for the KPI-read tests: the real registry (read from
 * transforms/models/kpis/_kpi_registry.yml), two sites in two regions, and a handful of KPI parts
 * whose values are worked out by hand in the tests. The KPI tables are shaped like dbt's
 * (same columns); their roll-ups are summed here from the site parts, as dbt does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../functions/local/workspace.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';

interface RegistryYaml {
  models: { name: string; config: { meta: { kpis: Record<string, string | number | null>[] } } }[];
}

/** site, day, kpi, breakdown value, numerator, denominator. */
export const DAILY_PARTS: [string, string, string, string, number, number | null][] = [
  ['S1', '2025-01-10', 'on_time_delivery_rate', 'all', 8, 10],
  ['S2', '2025-01-10', 'on_time_delivery_rate', 'all', 15, 20],
  ['S1', '2025-12-15', 'on_time_delivery_rate', 'all', 9, 10],
  ['S1', '2026-01-05', 'on_time_delivery_rate', 'all', 18, 20],
  ['S2', '2026-01-05', 'on_time_delivery_rate', 'all', 30, 40],
  ['S1', '2026-01-06', 'on_time_delivery_rate', 'all', 10, 10],
  ['S2', '2026-02-10', 'on_time_delivery_rate', 'all', 5, 10],
  ['S1', '2026-01-05', 'carrier_on_time_rate', 'C1', 16, 17],
  ['S1', '2026-01-05', 'carrier_on_time_rate', 'C2', 2, 3],
  ['S2', '2026-01-05', 'carrier_on_time_rate', 'C1', 30, 40],
  ['S1', '2025-01-10', 'units_shipped', 'all', 80, null],
  ['S1', '2025-12-15', 'units_shipped', 'all', 50, null],
  ['S1', '2026-01-05', 'units_shipped', 'all', 100, null],
  ['S2', '2026-01-05', 'units_shipped', 'all', 300, null],
  ['S2', '2026-02-10', 'units_shipped', 'all', 40, null],
];

/** site, day, kpi, observed value (distribution KPIs). */
export const OBSERVATIONS: [string, string, string, number][] = [
  ['S1', '2026-01-05', 'dock_to_stock_h', 2],
  ['S1', '2026-01-05', 'dock_to_stock_h', 4],
  ['S1', '2026-01-05', 'dock_to_stock_h', 9],
  ['S2', '2026-01-06', 'dock_to_stock_h', 6],
  ['S1', '2025-12-15', 'dock_to_stock_h', 10],
];

/** site, month, kpi, numerator, denominator (monthly-grain KPIs). */
export const MONTHLY_PARTS: [string, string, string, number, number][] = [
  ['S1', '2026-01-01', 'cost_per_order', 5000, 20],
  ['S2', '2026-01-01', 'cost_per_order', 9000, 30],
  ['S1', '2025-12-01', 'cost_per_order', 4800, 20],
];

/**
 * site, month, kpi, booking currency, value in it: the money KPI as the site books it. S2 books in
 * EUR: 7,200 EUR of cost ÷ 30 orders = 240 EUR, translated at 1.25 USD/EUR to the 9,000 USD above.
 */
export const BOOKED: [string, string, string, string, number][] = [
  ['S1', '2026-01-01', 'cost_per_order', 'USD', 250],
  ['S2', '2026-01-01', 'cost_per_order', 'EUR', 240],
  ['S1', '2025-12-01', 'cost_per_order', 'USD', 240],
];

/** A site target: S2's on-time delivery target in January 2026 is 0.7, amber within 0.1. */
const TARGETS = `select 'S2' as site_id, 'on_time_delivery_rate' as kpi, date '2026-01-01' as valid_from,
  date '2026-01-31' as valid_to, 0.7::double as target_value, 0.1::double as amber_threshold`;

/** shipment_id, site, delivery day, delivered, on time. */
export const SHIPMENTS: [string, string, string, boolean, boolean][] = [
  ['SH-3', 'S1', '2026-01-05', true, true],
  ['SH-1', 'S1', '2026-01-05', true, false],
  ['SH-2', 'S1', '2026-01-06', true, true],
  ['SH-4', 'S2', '2026-01-05', true, true],
  ['SH-5', 'S1', '2026-01-05', false, false],
];

const sqlList = (rows: readonly (readonly (string | number | boolean | null)[])[]) =>
  rows
    .map(
      (r) =>
        `(${r.map((v) => (v === null ? 'null' : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v))).join(', ')})`,
    )
    .join(',\n');

/** Value from parts as the registry's kind says; status by the macro's rule, here in SQL. */
const FINALISE = (grain: 'kpi_date' | 'month_start') => `
select scope_level, scope_id, site_id, region, ${grain}, kpi, breakdown, breakdown_value, numerator, denominator,
  kpi_value, mean_value, p90_value, target_value,
  case when target_value is null or kpi_value is null then null
       when direction = 'higher_is_better' then
         case when kpi_value >= target_value then 'green' when kpi_value >= target_value - amber then 'amber' else 'red' end
       else case when kpi_value <= target_value then 'green' when kpi_value <= target_value + amber then 'amber' else 'red' end
  end as status, direction, unit
from (
  select scope_level, scope_id, rolled.site_id, region, period_start as ${grain}, r.kpi, r.breakdown, breakdown_value,
    numerator, case when r.kind = 'sum' then null else denominator end as denominator,
    case when r.kind = 'sum' then numerator when r.kind = 'distribution' then median_value
         when denominator = 0 then null else r.scale * numerator / denominator end as kpi_value,
    case when r.kind = 'distribution' then numerator / denominator end as mean_value, p90_value,
    coalesce(t.target_value, r.default_target) as target_value,
    coalesce(t.amber_threshold, r.amber_threshold, 0) as amber, r.direction, r.unit
  from rolled inner join kpi_registry as r on r.kpi = rolled.kpi
  left join int_kpi_targets as t on scope_level = 'site' and t.site_id = rolled.site_id and t.kpi = rolled.kpi
    and period_start between t.valid_from and t.valid_to
) as v`;

const ROLLUP = (period: string, components: string, observations: string) => `
with c as (select c.*, s.region, ${period} as period_start from ${components} c join dim_site s using (site_id)),
o as (select o.*, s.region, ${period} as period_start from ${observations} o join dim_site s using (site_id)),
scoped_c as (
  select 'site' as scope_level, site_id as scope_id, site_id, region, * exclude (site_id, region) from c
  union all select 'region', region, null, region, * exclude (site_id, region) from c
  union all select 'company', 'company', null, null, * exclude (site_id, region) from c),
scoped_o as (
  select 'site' as scope_level, site_id as scope_id, site_id, region, * exclude (site_id, region) from o
  union all select 'region', region, null, region, * exclude (site_id, region) from o
  union all select 'company', 'company', null, null, * exclude (site_id, region) from o),
rolled as (
  select scope_level, scope_id, any_value(site_id) as site_id, any_value(region) as region, period_start, kpi,
         breakdown_value, sum(numerator) as numerator, sum(denominator) as denominator,
         null::double as median_value, null::double as p90_value
  from scoped_c group by scope_level, scope_id, period_start, kpi, breakdown_value
  union all
  select scope_level, scope_id, any_value(site_id), any_value(region), period_start, kpi, 'all',
         sum(observed_value), count(*), quantile_cont(observed_value, 0.5), quantile_cont(observed_value, 0.9)
  from scoped_o group by scope_level, scope_id, period_start, kpi)`;

export interface SeededWarehouse {
  readonly path: string;
  remove(): void;
}

export async function seedWarehouse(): Promise<SeededWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'opslake-kpis-'));
  const path = join(dir, 'warehouse.duckdb');
  const registry = (
    parse(readFileSync(join(repoRoot, 'transforms/models/kpis/_kpi_registry.yml'), 'utf8')) as RegistryYaml
  ).models.find((m) => m.name === 'kpi_registry')?.config.meta.kpis;
  if (!registry) throw new Error('no kpi_registry in _kpi_registry.yml');
  const engine = await DuckDBEngine.open(path, { writable: true });
  const db = engine.duckdb;
  await db.run(`create table kpi_registry as select * from (values ${sqlList(
    registry.map(
      (k) =>
        [
          k.name,
          k.label,
          k.formula,
          k.numerator,
          k.denominator,
          k.unit,
          k.kind,
          Number(k.scale),
          k.grain,
          k.breakdown,
          k.direction,
          k.owner,
          k.default_target,
          k.amber_threshold,
          Number(k.display_decimals),
        ] as (string | number | null)[],
    ),
  )}) as t(kpi, label, formula, numerator_definition, denominator_definition, unit, kind, scale, grain, breakdown,
     direction, owner, default_target, amber_threshold, display_decimals)`);
  await db.run(`create table dim_site as select * from (values ('S1', 'Alpha DC', 'North'), ('S2', 'Beta DC', 'South'))
    as t(site_id, site_name, region)`);
  await db.run(`create table int_kpi_targets as ${TARGETS}`);
  await db.run(`create table int_kpi_components_daily as select site_id, cast(kpi_date as date) as kpi_date, kpi,
    breakdown_value, numerator::double as numerator, denominator::double as denominator
    from (values ${sqlList(DAILY_PARTS)}) as t(site_id, kpi_date, kpi, breakdown_value, numerator, denominator)`);
  await db.run(`create table int_kpi_observations_daily as select site_id, cast(kpi_date as date) as kpi_date, kpi,
    observed_value::double as observed_value
    from (values ${sqlList(OBSERVATIONS)}) as t(site_id, kpi_date, kpi, observed_value)`);
  await db.run(`create table int_kpi_components_monthly as select site_id, cast(month_start as date) as month_start, kpi,
    'all' as breakdown_value, numerator::double as numerator, denominator::double as denominator
    from (values ${sqlList(MONTHLY_PARTS)}) as t(site_id, month_start, kpi, numerator, denominator)`);
  await db.run(`create table kpi_daily as ${ROLLUP('kpi_date', 'int_kpi_components_daily', 'int_kpi_observations_daily')}
    ${FINALISE('kpi_date')}`);
  await db.run(
    `create table kpi_monthly_parts as ${ROLLUP(
      "cast(date_trunc('month', kpi_date) as date)",
      '(select * from int_kpi_components_daily union all by name select month_start as kpi_date, * exclude (month_start) from int_kpi_components_monthly)',
      'int_kpi_observations_daily',
    )} ${FINALISE('month_start')}`,
  );
  // As dbt's: amounts in the reporting currency (USD) at every scope; a site row also as booked.
  await db.run(`create table kpi_monthly as
    select m.*, case when m.unit = 'currency' then 'USD' end as currency_code,
      b.currency as booking_currency_code, b.booked_value::double as booking_kpi_value
    from kpi_monthly_parts as m
    left join (select site_id, cast(month_start as date) as month_start, kpi, currency, booked_value
               from (values ${sqlList(BOOKED)}) as t(site_id, month_start, kpi, currency, booked_value)) as b
      on m.scope_level = 'site' and b.site_id = m.scope_id and b.month_start = m.month_start and b.kpi = m.kpi`);
  await db.run('drop table kpi_monthly_parts');
  await db.run(`create table fct_shipments as select shipment_id, site_id, cast(delivery_date as date) as delivery_date,
    is_delivered, is_delivered_on_time, 'C1' as carrier_id,
    case when is_delivered then 'delivered' else 'in_transit' end as shipment_status,
    cast(delivery_date as date) as promised_date
    from (values ${sqlList(SHIPMENTS)}) as t(shipment_id, site_id, delivery_date, is_delivered, is_delivered_on_time)`);
  await engine.close();
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
