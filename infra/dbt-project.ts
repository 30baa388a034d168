/**
 * The Glue database names the dbt project builds into, read from transforms/dbt_project.yml's vars
 * (the one place they are set) so the stack creates and grants the databases dbt writes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const DBT_PROJECT = fileURLToPath(new URL('../transforms/dbt_project.yml', import.meta.url));

export interface DbtDatabases {
  /** The BI star schema (models/bi). */
  readonly bi: string;
  /** Staging and intermediate views: dbt's working layer, not for readers. */
  readonly staging: string;
}

export function dbtDatabases(path: string = DBT_PROJECT): DbtDatabases {
  const project = parse(readFileSync(path, 'utf8')) as { vars?: Record<string, unknown> } | null;
  const read = (name: string): string => {
    const value = project?.vars?.[name];
    // Glue database names: lowercase letters, digits and underscores.
    if (typeof value !== 'string' || !/^[a-z0-9_]{1,255}$/.test(value)) {
      throw new Error(`${path}: vars.${name} must be a Glue database name (lowercase letters, digits, _)`);
    }
    return value;
  };
  return { bi: read('bi_database'), staging: read('staging_database') };
}
