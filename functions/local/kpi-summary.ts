/**
 * The cross-site KPI summary the demo prints: every KPI of the registry for the latest complete
 * month, one column per site plus the company roll-up, each value with its red/amber/green status.
 * Values come from kpi_monthly as published (never recomputed here), so the terminal shows exactly
 * what a dashboard or the report reads.
 */

import { formatValue } from '../charts/format.js';
import { DuckDBEngine } from '../query/duckdb-engine.js';
import { type Cell, queryAll } from '../query/engine.js';

export interface KpiSummary {
  /** First day of the month summarised, YYYY-MM-DD; null when no KPI has data. */
  readonly month: string | null;
  /** False when the data covers only part of that month. */
  readonly wholeMonth: boolean;
  readonly sites: string[];
  readonly rows: KpiSummaryRow[];
}

export interface KpiSummaryRow {
  readonly kpi: string;
  readonly label: string;
  readonly unit: string;
  readonly direction: string;
  /** 'all', or the dimension the KPI is published by. */
  readonly breakdown: string;
  /** Money KPIs: the reporting currency every column is in (kpi_monthly.currency_code); else null. */
  readonly currency: string | null;
  /** Value and status per site id, and under 'company' the company roll-up. */
  readonly cells: Record<string, { value: number | null; status: string | null }>;
}

/**
 * The latest month whose last day has data (a month the data only starts or ends in would show a
 * partial month next to full ones) — or, when the data spans less than one whole month, its last.
 */
const MONTH_SQL = `
with bounds as (select min(kpi_date) as first_day, max(kpi_date) as last_day from kpi_daily),
months as (
  select cast(date_trunc('month', last_day) as date) as last_month,
         last_day = cast(date_trunc('month', last_day) + interval 1 month - interval 1 day as date) as last_is_whole,
         cast(date_trunc('month', last_day) - interval 1 month as date) as previous_month,
         first_day
  from bounds
  where last_day is not null
)
select case when last_is_whole or previous_month < first_day then last_month else previous_month end,
       last_is_whole or previous_month >= first_day
from months`;

const VALUES_SQL = `
select r.kpi, r.label, r.unit, r.direction, r.breakdown, m.scope_level, m.scope_id, m.kpi_value, m.status,
       m.currency_code
from kpi_registry as r
left join kpi_monthly as m
  on m.kpi = r.kpi
 and m.month_start = cast(? as date)
 and m.breakdown_value = 'all'
 and m.scope_level in ('site', 'company')
order by r.kpi, m.scope_id`;

export async function kpiSummary(warehouse: string): Promise<KpiSummary> {
  const engine = await DuckDBEngine.open(warehouse);
  try {
    return await summarise(engine);
  } finally {
    await engine.close();
  }
}

async function summarise(engine: DuckDBEngine): Promise<KpiSummary> {
  const monthRow = (await queryAll(engine, MONTH_SQL)).rows[0];
  const month = monthRow?.[0] == null ? null : String(monthRow[0]).slice(0, 10);
  if (!month) return { month: null, wholeMonth: false, sites: [], rows: [] };
  const { rows } = await queryAll(engine, VALUES_SQL, [month]);
  const byKpi = new Map<string, KpiSummaryRow>();
  const sites = new Set<string>();
  for (const [kpi, label, unit, direction, breakdown, level, scopeId, value, status, currency] of rows as Cell[][]) {
    const key = String(kpi);
    let row = byKpi.get(key);
    if (!row) {
      row = {
        kpi: key,
        label: String(label),
        unit: String(unit),
        direction: String(direction),
        breakdown: String(breakdown),
        currency: null,
        cells: {},
      };
      byKpi.set(key, row);
    }
    if (typeof currency === 'string' && row.currency === null) {
      row = { ...row, currency };
      byKpi.set(key, row);
    }
    if (level === null || scopeId === null) continue;
    // scope_id is the site id, or 'company' for the company roll-up.
    const column = String(scopeId);
    if (level === 'site') sites.add(column);
    row.cells[column] = {
      value: typeof value === 'number' ? value : null,
      status: typeof status === 'string' ? status : null,
    };
  }
  // A KPI published only split by a breakdown (carrier on-time) has no overall value to show.
  const shown = [...byKpi.values()].filter((r) => r.breakdown === 'all' || Object.keys(r.cells).length > 0);
  return { month, wholeMonth: monthRow?.[1] === true, sites: [...sites].sort(), rows: shown };
}

/** Marks off-target values; green and no-target cells get blanks so the columns stay aligned. */
const STATUS_MARK: Record<string, string> = { amber: ' !', red: ' ✗' };

/** The summary as rows for formatTable: KPI, unit, one column per site, company. */
export function summaryTable(summary: KpiSummary): { headers: string[]; rows: string[][] } {
  const columns = [...summary.sites, 'company'];
  return {
    headers: ['kpi', 'unit', ...columns],
    rows: summary.rows.map((row) => [
      row.label,
      // A money KPI's every column is in the one reporting currency; say which.
      row.unit === 'currency' && row.currency ? row.currency : row.unit,
      ...columns.map((c) => {
        const cell = row.cells[c];
        if (!cell) return '–';
        return `${formatValue(cell.value, row.unit)}${STATUS_MARK[cell.status ?? ''] ?? '  '}`;
      }),
    ]),
  };
}
