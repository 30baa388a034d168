/**
 * A result as an Excel workbook, streamed with exceljs's WorkbookWriter (each row is committed to
 * the zip as it is written, so memory stays bounded): typed cells — numbers as numbers, dates and
 * instants as Excel dates, booleans as booleans, KPI values formatted in their KPI's unit — a bold
 * filled header, the first row frozen and an auto-filter over the columns.
 *
 * Excel numbers are doubles with 15 significant digits: integers past 2^53 and decimals with more
 * than 15 digits are written as text rather than silently rounded. Instants keep milliseconds.
 */
import ExcelJS from 'exceljs';
import type { Cell, QueryResult, ResultColumn } from './engine.js';
import { KPI_COLUMNS, KPI_VALUE_COLUMNS, kindFormat, UNIT_COLUMNS, unitFormat } from './xlsx-formats.js';

const EXCEL_DIGITS = 15;
const HEADER_FILL = 'FFD9E1F2';
const MAX_COLUMN_WIDTH = 50;
const MIN_COLUMN_WIDTH = 8;

export interface XlsxOptions {
  readonly sheetName?: string;
  /** KPI id → unit from kpi_registry, for results that name the KPI but not its unit. */
  readonly unitsByKpi?: ReadonlyMap<string, string>;
}

const significantDigits = (text: string) => text.replace(/^-?0*\.?0*/, '').replace('.', '').length;

/** The value exceljs writes for one cell: a number, Date, boolean or string. */
export function excelValue(cell: Cell, column: ResultColumn): ExcelJS.CellValue {
  if (cell === null) return null;
  switch (column.kind) {
    case 'bigint':
      return typeof cell === 'bigint' &&
        (cell > BigInt(Number.MAX_SAFE_INTEGER) || cell < BigInt(Number.MIN_SAFE_INTEGER))
        ? cell.toString()
        : Number(cell);
    case 'decimal':
      return significantDigits(String(cell)) > EXCEL_DIGITS ? String(cell) : Number(cell);
    case 'date':
      return new Date(`${cell}T00:00:00Z`);
    case 'timestamp':
      return new Date(String(cell));
    default:
      return typeof cell === 'bigint' ? cell.toString() : cell;
  }
}

const indexOfAny = (columns: readonly ResultColumn[], names: readonly string[]) =>
  columns.findIndex((c) => names.includes(c.name));

export async function writeXlsx(result: QueryResult, path: string, options: XlsxOptions = {}): Promise<number> {
  const { columns } = result;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'result', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, c.name.length + 2)),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  header.commit();
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const formats = columns.map((c) => kindFormat(c.kind, c.scale));
  const unitAt = indexOfAny(columns, UNIT_COLUMNS);
  const kpiAt = indexOfAny(columns, KPI_COLUMNS);
  const inKpiUnit = columns.map((c) => KPI_VALUE_COLUMNS.has(c.name));
  let rows = 0;
  for await (const batch of result.batches) {
    for (const values of batch) {
      const row = sheet.addRow(values.map((cell, i) => excelValue(cell, columns[i] as ResultColumn)));
      const unit =
        unitAt >= 0
          ? String(values[unitAt] ?? '')
          : kpiAt >= 0
            ? options.unitsByKpi?.get(String(values[kpiAt]))
            : undefined;
      for (let i = 0; i < columns.length; i++) {
        const format = (inKpiUnit[i] ? unitFormat(unit) : undefined) ?? formats[i];
        if (format) row.getCell(i + 1).numFmt = format;
      }
      row.commit();
      rows++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}
