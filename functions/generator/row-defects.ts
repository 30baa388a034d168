/**
 * The row defects: each changes one cell of a file (or drops a field) and names the rule ingest
 * must reject that row under.
 */
import { formatDecimal } from '../../schemas/values.js';
import { type CsvFile, cellOf, pickColumn, pickRow, recordOf, ruleNamed, setCell } from './defect-csv.js';
import type { Defect, DefectKind } from './defect-kinds.js';
import type { Random } from './random.js';

/** A row-level defect: changes one cell and says which rule must catch it. */
export interface RowDefect {
  readonly kind: DefectKind;
  /** Applies the defect to `file`; returns the manifest entry, or undefined when this file cannot take it. */
  apply(random: Random, file: CsvFile): Omit<Defect, 'file' | 'kind' | 'expected'> | undefined;
}

export const ROW_DEFECTS: readonly RowDefect[] = [
  {
    kind: 'wrong_type',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.kind === 'integer' || s.kind === 'decimal');
      const spec = column === undefined ? undefined : file.contract.columns[column];
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || spec === undefined || index === undefined) return undefined;
      const value = spec.kind === 'integer' ? 'N/A' : '1,234.50';
      setCell(file, index, column, value);
      const rule = spec.kind === 'integer' ? 'integer_format' : 'decimal_format';
      return { row: recordOf(index), column, rule, note: `"${value}" in a ${spec.kind} column` };
    },
  },
  {
    kind: 'missing_required',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.required);
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || index === undefined) return undefined;
      setCell(file, index, column, '');
      return { row: recordOf(index), column, rule: 'required', note: `required ${column} left empty` };
    },
  },
  {
    kind: 'out_of_range',
    apply(random, file) {
      const column = pickColumn(
        random,
        file.contract,
        (s) => (s.kind === 'integer' || s.kind === 'decimal') && (s.min !== undefined || s.max !== undefined),
      );
      const spec = column === undefined ? undefined : file.contract.columns[column];
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || index === undefined || (spec?.kind !== 'integer' && spec?.kind !== 'decimal')) {
        return undefined;
      }
      const aboveMax = spec.max !== undefined;
      const bound = (aboveMax ? spec.max : spec.min) ?? 0;
      const outside = aboveMax ? bound + 1 : bound - 1;
      const value = spec.kind === 'decimal' ? formatDecimal(outside * 10 ** spec.scale, spec.scale) : String(outside);
      setCell(file, index, column, value);
      return {
        row: recordOf(index),
        column,
        rule: aboveMax ? 'max' : 'min',
        note: `${value} is ${aboveMax ? 'above the maximum' : 'below the minimum'} ${bound}`,
      };
    },
  },
  {
    kind: 'impossible_date',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.kind === 'date' || s.kind === 'timestamp');
      const spec = column === undefined ? undefined : file.contract.columns[column];
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || spec === undefined || index === undefined) return undefined;
      const original = cellOf(file, index, column);
      // February 30th in the value's own year; a time keeps its clock and offset.
      const value = `${original.slice(0, 4)}-02-30${original.slice(10)}`;
      setCell(file, index, column, value);
      const rule = spec.kind === 'date' ? 'date_valid' : 'timestamp_valid';
      return { row: recordOf(index), column, rule, note: `"${value}" is not a calendar date` };
    },
  },
  {
    kind: 'bad_enum',
    apply(random, file) {
      const column = pickColumn(random, file.contract, (s) => s.kind === 'enum' && s.required);
      const index = column === undefined ? undefined : pickRow(random, file, column);
      if (column === undefined || index === undefined) return undefined;
      const value = cellOf(file, index, column).toUpperCase().replaceAll('_', ' ');
      setCell(file, index, column, value);
      return { row: recordOf(index), column, rule: 'enum', note: `"${value}" is not an allowed value` };
    },
  },
  {
    kind: 'cross_field',
    apply(random, file) {
      const { contract } = file;
      if (contract.id === 'wms/quality_checks') {
        const index = pickRow(random, file);
        if (index === undefined) return undefined;
        const inspected = Number(cellOf(file, index, 'inspected_units'));
        setCell(file, index, 'defective_units', String(inspected + 1));
        const rule = ruleNamed(contract, 'defective_units_not_above_inspected_units');
        return { row: recordOf(index), column: 'defective_units', rule, note: 'more defective than inspected units' };
      }
      if (contract.id === 'wfm/timecards') {
        const index = pickRow(random, file);
        if (index === undefined) return undefined;
        const worked = Math.round(Number(cellOf(file, index, 'worked_hours')) * 100);
        if (worked > 2200) return undefined;
        setCell(file, index, 'overtime_hours', formatDecimal(worked + 100, 2));
        const rule = ruleNamed(contract, 'overtime_hours_not_above_worked_hours');
        return { row: recordOf(index), column: 'overtime_hours', rule, note: 'more overtime than hours worked' };
      }
      if (contract.id === 'tms/shipments') {
        const index = pickRow(random, file, 'delivered_at');
        if (index === undefined) return undefined;
        setCell(file, index, 'delivered_at', '2000-01-01T00:00:00Z');
        const rule = ruleNamed(contract, 'delivered_not_before_shipped');
        return { row: recordOf(index), column: 'delivered_at', rule, note: 'delivered before it was shipped' };
      }
      return undefined;
    },
  },
  {
    kind: 'duplicate_key',
    apply(random, file) {
      const index = pickRow(random, file);
      const row = index === undefined ? undefined : file.rows[index];
      if (index === undefined || row === undefined) return undefined;
      file.rows.push([...row]);
      return {
        row: recordOf(file.rows.length - 1),
        column: file.contract.primaryKey.join(','),
        rule: 'duplicate_primary_key',
        note: `row ${recordOf(index)} delivered twice in the same file`,
      };
    },
  },
  {
    kind: 'field_count',
    apply(random, file) {
      const index = pickRow(random, file);
      const row = index === undefined ? undefined : file.rows[index];
      if (index === undefined || row === undefined) return undefined;
      row.pop();
      return { row: recordOf(index), column: null, rule: 'field_count', note: 'a truncated row, one field short' };
    },
  },
];

/** Which feeds each row defect is aimed at (cross-field breaks need a feed with that rule). */
export const TARGET_FEEDS: Partial<Record<DefectKind, readonly string[]>> = {
  cross_field: ['wms/quality_checks', 'wfm/timecards', 'tms/shipments'],
};
