import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../functions/cli/export/export-command.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { queryObjects } from '../../functions/query/engine.js';

const python = join(process.cwd(), '.venv', 'bin', 'python');

/** What openpyxl reads back: per cell its type, value and number format; the sheet's view and filter. */
const READ_BACK = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
cells = [[{"type": c.data_type, "value": c.value.isoformat() if hasattr(c.value, "isoformat") else c.value,
           "format": c.number_format} for c in row] for row in ws.iter_rows()]
print(json.dumps({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                  "bold": ws["A1"].font.b, "fill": ws["A1"].fill.fgColor.rgb, "cells": cells}))`;

describe('opslake export', () => {
  let home: string;
  const ws = () => ({ home, warehouse: join(home, 'warehouse.duckdb') });
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'opslake-export-'));
    const seed = await DuckDBEngine.open(join(home, 'warehouse.duckdb'), { writable: true });
    await seed.duckdb.run(`
      create table kpi_monthly as select * from (values
        (date '2026-01-01', 'on_time_delivery_rate', 0.953::double, 0.95::double, 'ratio', 12345::bigint, 10.25::decimal(12,2), timestamp '2026-02-01 08:30:00', true, '=cmd()'),
        (date '2026-02-01', 'units_shipped', 1200::double, null, 'units', 9007199254740993::bigint, 0.5::decimal(12,2), null, false, 'plain')
      ) v(month_start, kpi, kpi_value, target_value, unit, lines, amount, loaded_at, ok, note)`);
    await seed.duckdb.run(
      `create table kpi_registry as select * from (values ('on_time_delivery_rate', 'ratio')) v(kpi, unit)`,
    );
    await seed.close();
  });
  afterAll(async () => rm(home, { recursive: true, force: true }));

  it('writes an XLSX whose cells are typed, KPI values formatted by unit, header styled, row 1 frozen, filtered', async () => {
    const out = join(home, 'k.xlsx');
    expect(await exportCommand({ source: 'kpi_monthly', format: 'xlsx', out }, ws())).toBe(2);
    const sheet = JSON.parse(execFileSync(python, ['-c', READ_BACK, out]).toString());
    expect(sheet).toMatchObject({ title: 'kpi_monthly', freeze: 'A2', filter: 'A1:J1', bold: true, fill: 'FFD9E1F2' });
    const [header, first, second] = sheet.cells;
    expect(header.map((c: { value: string }) => c.value)).toEqual([
      'month_start',
      'kpi',
      'kpi_value',
      'target_value',
      'unit',
      'lines',
      'amount',
      'loaded_at',
      'ok',
      'note',
    ]);
    expect(first).toEqual([
      { type: 'd', value: '2026-01-01T00:00:00', format: 'yyyy-mm-dd' },
      { type: 's', value: 'on_time_delivery_rate', format: 'General' },
      { type: 'n', value: 0.953, format: '0.0%' },
      { type: 'n', value: 0.95, format: '0.0%' },
      { type: 's', value: 'ratio', format: 'General' },
      { type: 'n', value: 12345, format: '#,##0' },
      { type: 'n', value: 10.25, format: '#,##0.00' },
      { type: 'd', value: '2026-02-01T08:30:00', format: 'yyyy-mm-dd hh:mm:ss' },
      { type: 'b', value: true, format: 'General' },
      { type: 's', value: '=cmd()', format: 'General' },
    ]);
    // An integer past Excel's 15 digits is text, not a rounded number; units format as whole numbers.
    expect(second[2]).toEqual({ type: 'n', value: 1200, format: '#,##0' });
    expect(second[5]).toEqual({ type: 's', value: '9007199254740993', format: '#,##0' });
    expect(second[7].value).toBeNull();
  });

  it('formats KPI values from the registry when the result names the KPI but not its unit', async () => {
    const out = join(home, 'q.xlsx');
    await exportCommand({ source: 'select kpi, kpi_value from kpi_monthly order by kpi', format: 'xlsx', out }, ws());
    const sheet = JSON.parse(execFileSync(python, ['-c', READ_BACK, out]).toString());
    expect(sheet.cells[1][1]).toEqual({ type: 'n', value: 0.953, format: '0.0%' });
    expect(sheet.cells[2][1].format).toBe('General'); // units_shipped is not in this registry: no unit format
  });

  it('writes spreadsheet-safe CSV and Parquet', async () => {
    const csv = join(home, 'k.csv');
    await exportCommand({ source: 'kpi_monthly', format: 'csv', out: csv }, ws());
    const text = await readFile(csv, 'utf8');
    expect(text.startsWith('\uFEFFmonth_start,kpi,')).toBe(true);
    expect(text).toContain(",true,'=cmd()\r\n");
    const parquet = join(home, 'k.parquet');
    expect(await exportCommand({ source: 'main.kpi_monthly', format: 'parquet', out: parquet }, ws())).toBe(2);
    const engine = await DuckDBEngine.open(':memory:');
    const rows = await queryObjects(engine, 'select kpi, lines from read_parquet(?) order by kpi', [parquet]);
    await engine.close();
    expect(rows).toEqual([
      { kpi: 'on_time_delivery_rate', lines: 12345n },
      { kpi: 'units_shipped', lines: 9007199254740993n },
    ]);
  });

  it('refuses a table that does not exist, naming it', async () => {
    await expect(
      exportCommand({ source: 'kpi_montly', format: 'xlsx', out: join(home, 'x.xlsx') }, ws()),
    ).rejects.toThrow('no table "kpi_montly": `opslake sql --list` lists them');
  });
});
