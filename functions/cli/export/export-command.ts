/**
 * `opslake export <table|query>`: a whole table (or a query's result) to a file for a spreadsheet
 * or another tool — XLSX with typed cells, spreadsheet-safe CSV, or Parquet — streamed, so a table
 * of any size exports in bounded memory.
 */
import { createWriteStream } from 'node:fs';
import { usageError } from '../../local/errors.js';
import { listTables, manifestDescriptions } from '../../query/catalog.js';
import { writeCsv } from '../../query/csv-writer.js';
import { type QueryEngine, queryObjects } from '../../query/engine.js';
import { openEngine } from '../../query/open-engine.js';
import { writeParquet } from '../../query/parquet-writer.js';
import { streamSink } from '../../query/text-sink.js';
import { writeXlsx } from '../../query/xlsx-writer.js';
import { manifestPath } from '../sql/sql-command.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportInput {
  readonly source: string;
  readonly format: string;
  readonly out: string;
  readonly target?: 'local' | 'aws';
  readonly workgroup?: string;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
const TABLE_NAME = /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/;

/** A bare table name becomes `select * from` it, once the warehouse confirms the table exists. */
export async function exportQuery(
  engine: QueryEngine,
  source: string,
  home: string,
): Promise<{ sql: string; sheet: string }> {
  if (!TABLE_NAME.test(source.trim())) return { sql: source, sheet: 'result' };
  const wanted = source.trim();
  const tables = await listTables(engine, await manifestDescriptions(manifestPath(home)));
  const table = tables.find((t) => t.name === wanted || `${t.schema}.${t.name}` === wanted);
  if (!table) throw usageError(`no table "${wanted}": \`opslake sql --list\` lists them`);
  return { sql: `select * from ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`, sheet: table.name };
}

/** kpi → unit from kpi_registry, when the warehouse has one. */
async function kpiUnits(engine: QueryEngine): Promise<Map<string, string>> {
  try {
    const rows = await queryObjects<{ kpi: string; unit: string }>(engine, 'select kpi, unit from kpi_registry');
    return new Map(rows.map((r) => [r.kpi, r.unit]));
  } catch {
    return new Map();
  }
}

export async function exportCommand(input: ExportInput, ws: { home: string; warehouse: string }): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(input.format)) {
    throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${input.format}"`);
  }
  const engine = await openEngine({
    target: input.target ?? 'local',
    warehouse: ws.warehouse,
    ...(input.workgroup ? { workgroup: input.workgroup } : {}),
  });
  try {
    const { sql, sheet } = await exportQuery(engine, input.source, ws.home);
    switch (input.format as ExportFormat) {
      case 'parquet':
        return await writeParquet(engine, sql, [], input.out);
      case 'xlsx': {
        // Before the export's query: one connection streams one result at a time.
        const unitsByKpi = await kpiUnits(engine);
        return await writeXlsx(await engine.query(sql), input.out, { sheetName: sheet.slice(0, 31), unitsByKpi });
      }
      case 'csv': {
        const file = createWriteStream(input.out);
        const rows = await writeCsv(await engine.query(sql), streamSink(file), { spreadsheetSafe: true });
        await new Promise<void>((resolve, reject) =>
          file.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
        return rows;
      }
    }
  } finally {
    await engine.close();
  }
}
