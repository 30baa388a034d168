/**
 * Excel number formats: by column kind, and for KPI values by the KPI registry's `unit` (a ratio
 * 0.953 shows as 95.3 %, a percent 95.3 as 95.3%, currency with two decimals). The columns that
 * hold a KPI's value in its unit are named here once, for the marts' and the BI layer's names.
 */
import type { ColumnKind } from './engine.js';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const INTEGER_FORMAT = '#,##0';
const DECIMAL_FORMAT = '#,##0.00';

const FORMAT_BY_UNIT: Readonly<Record<string, string>> = {
  ratio: '0.0%',
  percent: '0.0"%"',
  currency: DECIMAL_FORMAT,
  units: INTEGER_FORMAT,
  hours: '0.00',
};

/** Columns whose value is in the row's KPI unit (kpi_monthly / kpi_daily, and the bi schema's facts). */
export const KPI_VALUE_COLUMNS: ReadonlySet<string> = new Set([
  'kpi_value',
  'target_value',
  'mean_value',
  'p90_value',
  'default_target',
  'amber_threshold',
  // the bi schema's names (models/bi)
  'target',
  'mean',
  'p90',
]);

/** The column naming a row's KPI unit, or the KPI itself (looked up in kpi_registry). */
export const UNIT_COLUMNS = ['unit'];
export const KPI_COLUMNS = ['kpi'];

export function unitFormat(unit: string | undefined): string | undefined {
  return unit === undefined ? undefined : (FORMAT_BY_UNIT[unit] ?? DECIMAL_FORMAT);
}

export function kindFormat(kind: ColumnKind, scale: number | undefined): string | undefined {
  switch (kind) {
    case 'date':
      return DATE_FORMAT;
    case 'timestamp':
      return INSTANT_FORMAT;
    case 'integer':
    case 'bigint':
      return INTEGER_FORMAT;
    case 'decimal':
      return scale ? `#,##0.${'0'.repeat(scale)}` : INTEGER_FORMAT;
    default:
      return undefined;
  }
}
