/**
 * `opslake sql`: SQL from the arguments, `-f file.sql` or stdin (or an interactive prompt on a
 * terminal), against the local warehouse or Athena (`--target aws`), each statement's result
 * written as a table, CSV, JSON, NDJSON or Parquet. Ctrl-C cancels the running query (in Athena
 * too: StopQueryExecution).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { usageError } from '../../local/errors.js';
import { listTables, manifestDescriptions } from '../../query/catalog.js';
import type { QueryEngine } from '../../query/engine.js';
import { openEngine, type QueryTarget } from '../../query/open-engine.js';
import { parseParam } from './params.js';
import { runRepl } from './repl.js';
import { runSql, SQL_FORMATS, type SqlFormat } from './run-sql.js';

export interface SqlCommandInput {
  readonly query: readonly string[];
  readonly file?: string;
  readonly format?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly target?: string;
  readonly workgroup?: string;
  readonly database?: string;
  readonly param?: readonly string[];
  readonly list?: boolean;
  readonly maxRows?: string;
  readonly excelSafe?: boolean;
}

export interface SqlWorkspace {
  readonly home: string;
  readonly warehouse: string;
}

export const HISTORY_FILE = 'sql_history';

export function manifestPath(home: string): string {
  return join(home, 'dbt-target', 'manifest.json');
}

function chosenFormat(input: SqlCommandInput): SqlFormat {
  const format = input.format ?? (input.json ? 'json' : 'table');
  if (!(SQL_FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format must be one of ${SQL_FORMATS.join(', ')}, got "${format}"`);
  }
  return format as SqlFormat;
}

function chosenTarget(input: SqlCommandInput): QueryTarget {
  const target = input.target ?? 'local';
  if (target !== 'local' && target !== 'aws') throw usageError(`--target must be local or aws, got "${target}"`);
  return target;
}

async function script(input: SqlCommandInput): Promise<string | undefined> {
  if (input.file) return readFile(input.file, 'utf8');
  if (input.query.length > 0) return input.query.join(' ');
  if (!process.stdin.isTTY) return text(process.stdin);
  return undefined;
}

async function withEngine<T>(input: SqlCommandInput, ws: SqlWorkspace, work: (engine: QueryEngine) => Promise<T>) {
  const engine = await openEngine({
    target: chosenTarget(input),
    warehouse: ws.warehouse,
    ...(input.workgroup ? { workgroup: input.workgroup } : {}),
    ...(input.database ? { database: input.database } : {}),
  });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

export async function sqlCommand(input: SqlCommandInput, ws: SqlWorkspace): Promise<number> {
  const format = chosenFormat(input);
  const note = (line: string) => process.stderr.write(`${line}\n`);
  if (input.list) {
    return withEngine(input, ws, async (engine) => {
      const tables = await listTables(engine, await manifestDescriptions(manifestPath(ws.home)));
      for (const t of tables) process.stdout.write(`${t.name.padEnd(36)} ${t.description}\n`);
      return 0;
    });
  }
  const sql = await script(input);
  return withEngine(input, ws, async (engine) => {
    if (sql === undefined) {
      await runRepl({
        engine,
        descriptions: await manifestDescriptions(manifestPath(ws.home)),
        historyFile: join(ws.home, HISTORY_FILE),
        input: process.stdin,
        output: process.stdout,
        terminal: true,
      });
      return 0;
    }
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    process.once('SIGINT', onInterrupt);
    try {
      await runSql({
        engine,
        script: sql,
        params: (input.param ?? []).map(parseParam),
        format,
        ...(input.out ? { out: input.out } : {}),
        ...(input.maxRows ? { maxRows: Number(input.maxRows) } : {}),
        spreadsheetSafe: input.excelSafe ?? false,
        stdout: process.stdout,
        note,
        timings: Boolean(process.stderr.isTTY),
        signal: abort.signal,
      });
      return 0;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  });
}
