/** Runs a script of one or more statements on any engine, yielding each statement's result in turn. */
import { DuckDBEngine } from './duckdb-engine.js';
import type { Param, QueryEngine, QueryResult } from './engine.js';
import { splitSqlScript } from './sql-splitter.js';

export async function* queryScript(
  engine: QueryEngine,
  script: string,
  params: readonly Param[] = [],
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<QueryResult> {
  if (engine instanceof DuckDBEngine) {
    yield* engine.queryScript(script, params, options);
    return;
  }
  const statements = splitSqlScript(script);
  const wanted = statements.reduce((sum, s) => sum + s.placeholders, 0);
  if (wanted !== params.length)
    throw new Error(`${params.length} parameter(s) given, the SQL has ${wanted} placeholder(s)`);
  let used = 0;
  for (const statement of statements) {
    yield await engine.query(statement.sql, params.slice(used, used + statement.placeholders), options);
    used += statement.placeholders;
  }
}
