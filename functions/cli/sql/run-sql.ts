/**
 * `opslake sql`'s work once its options are read: run every statement of the script and write
 * each result in the chosen format to stdout or `--out`, streaming (nothing holds a whole result
 * except Parquet's scratch file on disk). Progress and engine figures go to stderr, so stdout stays
 * the result alone.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { describeAthenaStats } from '../../query/athena-cost.js';
import { writeCsv } from '../../query/csv-writer.js';
import type { Param, QueryEngine, QueryResult } from '../../query/engine.js';
import { writeJson } from '../../query/json-writer.js';
import { writeParquet, writeResultParquet } from '../../query/parquet-writer.js';
import { queryScript } from '../../query/script.js';
import { splitSqlScript } from '../../query/sql-splitter.js';
import { writeTable } from '../../query/table-writer.js';
import { streamSink, type TextSink } from '../../query/text-sink.js';

export const SQL_FORMATS = ['table', 'csv', 'json', 'ndjson', 'parquet'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

export interface RunSqlOptions {
  readonly engine: QueryEngine;
  readonly script: string;
  readonly params?: readonly Param[];
  readonly format: SqlFormat;
  /** A file for the results; stdout when absent (Parquet needs one). */
  readonly out?: string;
  readonly stdout: Writable;
  readonly note: (line: string) => void;
  readonly maxRows?: number;
  /** CSV meant for a spreadsheet: neutralise formula-like cells, add a BOM. */
  readonly spreadsheetSafe?: boolean;
  readonly signal?: AbortSignal;
  /** Note local row counts and times too (Athena's scan and cost are always noted). */
  readonly timings?: boolean;
}

async function writeOne(result: QueryResult, sink: TextSink, options: RunSqlOptions): Promise<void> {
  switch (options.format) {
    case 'table':
      await writeTable(result, sink, options.maxRows === undefined ? {} : { maxRows: options.maxRows });
      return;
    case 'csv':
      await writeCsv(result, sink, { spreadsheetSafe: options.spreadsheetSafe ?? false });
      return;
    case 'json':
    case 'ndjson':
      await writeJson(result, sink, options.format);
      return;
    case 'parquet':
      throw new Error('parquet is written to a file: add --out FILE');
  }
}

function engineNote(result: QueryResult, engine: QueryEngine): string {
  if (engine.engine === 'athena') return describeAthenaStats(result.stats);
  return `${result.stats.rows.toLocaleString('en')} row(s) in ${Math.round(result.stats.engineMillis ?? 0)} ms`;
}

async function runParquet(options: RunSqlOptions, path: string): Promise<void> {
  const statements = splitSqlScript(options.script);
  if (statements.length !== 1) throw new Error(`parquet output takes one statement, the SQL has ${statements.length}`);
  const params = options.params ?? [];
  if (options.engine.engine === 'duckdb') {
    const rows = await writeParquet(options.engine, options.script, params, path);
    options.note(`wrote ${rows.toLocaleString('en')} row(s) to ${path}`);
    return;
  }
  const result = await options.engine.query(options.script, params, options.signal ? { signal: options.signal } : {});
  const rows = await writeResultParquet(result, path);
  options.note(`wrote ${rows.toLocaleString('en')} row(s) to ${path}; ${engineNote(result, options.engine)}`);
}

/** Returns the number of statements run. */
export async function runSql(options: RunSqlOptions): Promise<number> {
  if (options.format === 'parquet') {
    if (!options.out) throw new Error('parquet is written to a file: add --out FILE');
    await runParquet(options, options.out);
    return 1;
  }
  const file = options.out ? createWriteStream(options.out) : undefined;
  const sink = streamSink(file ?? options.stdout);
  let count = 0;
  try {
    const signal = options.signal ? { signal: options.signal } : {};
    for await (const result of queryScript(options.engine, options.script, options.params ?? [], signal)) {
      // Results of several statements are set apart by a blank line (NDJSON just continues).
      if (count > 0 && options.format !== 'ndjson') await sink.write('\n');
      count++;
      await writeOne(result, sink, options);
      if (options.timings || options.engine.engine === 'athena') options.note(engineNote(result, options.engine));
    }
  } finally {
    if (file)
      await new Promise<void>((resolve, reject) =>
        file.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
  }
  if (count === 0) throw new Error('no SQL statement given');
  return count;
}
