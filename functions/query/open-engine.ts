/** The engine a command asked for: the local warehouse file (DuckDB) or Athena. */
import { existsSync } from 'node:fs';
import { environmentError, explainEngineError } from '../local/errors.js';
import { AthenaEngine } from './athena-engine.js';
import { DuckDBEngine } from './duckdb-engine.js';
import type { QueryEngine } from './engine.js';

export type QueryTarget = 'local' | 'aws';

export interface OpenEngineOptions {
  readonly target: QueryTarget;
  readonly warehouse: string;
  readonly workgroup?: string;
  readonly database?: string;
}

export async function openEngine(options: OpenEngineOptions): Promise<QueryEngine> {
  if (options.target === 'aws') {
    return new AthenaEngine({
      ...(options.workgroup ? { workgroup: options.workgroup } : {}),
      ...(options.database ? { database: options.database } : {}),
    });
  }
  if (!existsSync(options.warehouse)) {
    throw environmentError(`no warehouse at ${options.warehouse}: run \`opslake build\` (or \`opslake demo\`) first`);
  }
  try {
    return await DuckDBEngine.open(options.warehouse);
  } catch (error) {
    throw explainEngineError(error);
  }
}
