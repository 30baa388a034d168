/**
 * What the warehouse holds, for `opslake sql --list`, `.tables` and `.describe`: the engine's own
 * information_schema (the truth about what exists) joined to the one-line descriptions dbt's
 * manifest carries from the models' YAML docs.
 */
import { readFile } from 'node:fs/promises';
import { type QueryEngine, queryObjects } from './engine.js';

export interface TableEntry {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export interface ColumnEntry {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

interface ManifestModel {
  readonly name: string;
  readonly alias?: string;
  readonly schema: string;
  readonly description?: string;
  readonly columns?: Record<string, { description?: string }>;
}

export type Descriptions = ReadonlyMap<string, ManifestModel>;

const firstLine = (text: string | undefined) => (text ?? '').trim().split('\n')[0]?.trim() ?? '';

/** Models by `schema.table` and by table name, from a dbt manifest; empty when there is none yet. */
export async function manifestDescriptions(manifestPath: string): Promise<Descriptions> {
  const text = await readFile(manifestPath, 'utf8').catch(() => undefined);
  const models = new Map<string, ManifestModel>();
  if (!text) return models;
  const manifest = JSON.parse(text) as { nodes?: Record<string, ManifestModel & { resource_type?: string }> };
  for (const node of Object.values(manifest.nodes ?? {})) {
    if (node.resource_type !== 'model' && node.resource_type !== 'seed') continue;
    const table = node.alias ?? node.name;
    models.set(`${node.schema}.${table}`, node);
    if (!models.has(table)) models.set(table, node);
  }
  return models;
}

const model = (descriptions: Descriptions, schema: string, name: string) =>
  descriptions.get(`${schema}.${name}`) ?? descriptions.get(name);

const HIDDEN_SCHEMAS = ['information_schema', 'pg_catalog'];

export async function listTables(engine: QueryEngine, descriptions: Descriptions): Promise<TableEntry[]> {
  const rows = await queryObjects<{ table_schema: string; table_name: string; table_type: string }>(
    engine,
    `select table_schema, table_name, table_type from information_schema.tables
     where table_schema not in (?, ?) order by table_schema, table_name`,
    HIDDEN_SCHEMAS,
  );
  return rows.map((r) => ({
    schema: r.table_schema,
    name: r.table_name,
    type: r.table_type,
    description: firstLine(model(descriptions, r.table_schema, r.table_name)?.description),
  }));
}

/** `name` or `schema.name`. */
export async function describeTable(
  engine: QueryEngine,
  descriptions: Descriptions,
  table: string,
): Promise<ColumnEntry[]> {
  const [schema, name] = table.includes('.') ? table.split('.', 2) : [undefined, table];
  const rows = await queryObjects<{ table_schema: string; column_name: string; data_type: string }>(
    engine,
    `select table_schema, column_name, data_type from information_schema.columns
     where table_name = ? and (? is null or table_schema = ?) order by table_schema, ordinal_position`,
    [name ?? '', schema ?? null, schema ?? null],
  );
  if (rows.length === 0) throw new Error(`no table "${table}"; \`opslake sql --list\` lists them`);
  const first = rows[0]?.table_schema ?? '';
  const columns = model(descriptions, first, name ?? '')?.columns ?? {};
  return rows
    .filter((r) => r.table_schema === first)
    .map((r) => ({
      name: r.column_name,
      type: r.data_type,
      description: firstLine(columns[r.column_name]?.description),
    }));
}
