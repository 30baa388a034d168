/**
 * Which dbt-built tables carry `site_id`, read from the models' YAML (their enforced contracts are
 * the one place a table's columns are declared), so per-site row filters cover exactly those tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const MODELS = fileURLToPath(new URL('../transforms/models', import.meta.url));

/** The model folders built as tables readers query, and which Glue database each lands in. */
export type ReaderDatabase = 'marts' | 'bi';
const READER_FOLDERS: Readonly<Record<string, ReaderDatabase>> = { marts: 'marts', kpis: 'marts', bi: 'bi' };

export interface SiteScopedTable {
  readonly database: ReaderDatabase;
  readonly table: string;
}

interface ModelYaml {
  models?: { name?: unknown; columns?: { name?: unknown }[] }[];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** Tables (not views) with a `site_id` column, sorted by database then name. */
export function siteScopedTables(modelsDir: string = MODELS, views: ReadonlySet<string> = VIEWS): SiteScopedTable[] {
  const found: SiteScopedTable[] = [];
  for (const [folder, database] of Object.entries(READER_FOLDERS)) {
    for (const file of yamlFiles(join(modelsDir, folder))) {
      const doc = parse(readFileSync(file, 'utf8')) as ModelYaml | null;
      for (const model of doc?.models ?? []) {
        if (typeof model.name !== 'string') throw new Error(`${file}: a model without a name`);
        const hasSite = (model.columns ?? []).some((column) => column.name === 'site_id');
        if (hasSite && !views.has(model.name)) found.push({ database, table: model.name });
      }
    }
  }
  return found.sort((a, b) => a.database.localeCompare(b.database) || a.table.localeCompare(b.table));
}

/**
 * Reader-folder models dbt_project.yml materialises as views (data-cells filters apply to tables
 * only; a view's rows are filtered through the tables it reads).
 */
const VIEWS: ReadonlySet<string> = new Set(viewsInProject());

function viewsInProject(): string[] {
  const project = parse(readFileSync(join(MODELS, '..', 'dbt_project.yml'), 'utf8')) as {
    models?: Record<string, unknown>;
  };
  const views: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== 'object' || value === null) continue;
      if ((value as Record<string, unknown>)['+materialized'] === 'view' && !key.startsWith('+')) views.push(key);
      walk(value);
    }
  };
  walk(project.models);
  return views;
}
