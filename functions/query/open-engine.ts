/** The engine a command asked for: the local warehouse file (DuckDB) or Athena. */
import { existsSync } from 'node:fs';
import { environmentError, explainEngineError } from '../local/errors.js';
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
    // Loaded only here: the AWS SDK costs about a second of start-up that local queries never need.
    const { AthenaEngine } = await import('./athena-engine.js');
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
