import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { workspace } from '../../functions/local/workspace.js';
import type { BenchModule } from './index.js';
import { runOpslake } from './opslake-cli.js';

/** Athena bills every query for at least this many bytes. */
const MIN_BILLED_BYTES = 10 * 1024 * 1024;

/** Models that are views on Athena although a table locally (dbt_project.yml). */
const VIEW_FOLDERS = new Set(['staging', 'intermediate']);
const VIEW_MODELS = new Set(['kpi_on_time_delivery_daily']);

interface Node {
  readonly unique_id: string;
  readonly resource_type: string;
  readonly name: string;
  readonly fqn: readonly string[];
  readonly relation_name: string | null;
  readonly config: { readonly materialized: string };
  readonly depends_on: { readonly nodes: readonly string[] };
  readonly meta?: { readonly external_location?: string };
}

function athenaMaterialization(node: Node): string {
  if (node.resource_type !== 'model') return node.resource_type;
  if (VIEW_FOLDERS.has(node.fqn[1] as string) || VIEW_MODELS.has(node.name)) return 'view';
  return node.config.materialized;
}

/** Bytes of every file under the directory part of a source's glob (read_parquet('<dir>/**…')). */
function sourceBytes(source: Node): number {
  const glob = /read_(?:parquet|json)\('([^']+)'/.exec(source.meta?.external_location ?? '')?.[1];
  if (!glob) return 0;
  const dir = glob.slice(0, glob.indexOf('/**'));
  const suffix = glob.slice(glob.lastIndexOf('*') + 1);
  let bytes = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (child.endsWith(suffix) && !child.includes('/_schema')) bytes += statSync(child).size;
    }
  };
  walk(dir);
  return bytes;
}

/** Each model table's rows as zstd Parquet, in bytes. */
async function tableBytes(warehouse: string, tables: readonly Node[], scratch: string): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(warehouse, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const sizes = new Map<string, number>();
  try {
    for (const table of tables) {
      const file = join(scratch, `${table.name}.parquet`);
      await connection.run(`copy (from ${table.relation_name}) to '${file}' (format parquet, compression zstd)`);
      sizes.set(table.unique_id, statSync(file).size);
      rmSync(file);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return sizes;
}

interface QueryEstimate {
  readonly name: string;
  readonly kind: string;
  readonly bytes: number;
}

async function estimate(home: string): Promise<{ queries: QueryEstimate[]; views: number; rawBytes: number }> {
  const ws = workspace(home);
  const manifest = JSON.parse(readFileSync(join(ws.dbtTarget, 'manifest.json'), 'utf8')) as {
    nodes: Record<string, Node>;
    sources: Record<string, Node>;
  };
  const models = Object.values(manifest.nodes).filter((n) => n.resource_type === 'model');
  const tables = models.filter((m) => athenaMaterialization(m) !== 'view' && m.config.materialized !== 'ephemeral');
  const bytesOf = new Map<string, number>(await tableBytes(ws.warehouse, tables, home));
  for (const source of Object.values(manifest.sources)) bytesOf.set(source.unique_id, sourceBytes(source));
  const byId = new Map(models.map((m) => [m.unique_id, m]));
  /** The tables (raw or model) a query reading `ids` scans, through any views in between. */
  const reach = (ids: readonly string[], seen = new Set<string>()): Set<string> => {
    for (const id of ids) {
      const model = byId.get(id);
      if (model && athenaMaterialization(model) === 'view') reach(model.depends_on.nodes, seen);
      else if (bytesOf.has(id)) seen.add(id);
    }
    return seen;
  };
  const bytesReached = (ids: readonly string[]) => [...reach(ids)].reduce((sum, id) => sum + (bytesOf.get(id) ?? 0), 0);
  const queries: QueryEstimate[] = [
    ...tables.map((m) => ({ name: m.name, kind: athenaMaterialization(m), bytes: bytesReached(m.depends_on.nodes) })),
    ...Object.values(manifest.nodes)
      .filter((n) => n.resource_type === 'test')
      .map((t) => ({ name: t.name, kind: 'test', bytes: bytesReached(t.depends_on.nodes) })),
  ];
  const rawBytes = Object.values(manifest.sources).reduce((sum, s) => sum + (bytesOf.get(s.unique_id) ?? 0), 0);
  return { queries, views: models.length - tables.length, rawBytes };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function report(scale: string, result: Awaited<ReturnType<typeof estimate>>): string {
  const { queries, views, rawBytes } = result;
  const kinds = new Map<string, QueryEstimate[]>();
  for (const q of queries) kinds.set(q.kind, [...(kinds.get(q.kind) ?? []), q]);
  const total = (list: QueryEstimate[]) => list.reduce((sum, q) => sum + q.bytes, 0);
  const billed = (list: QueryEstimate[]) => list.reduce((sum, q) => sum + Math.max(q.bytes, MIN_BILLED_BYTES), 0);
  const lines = [
    `scale ${scale}: the lake's raw tables hold ${mib(rawBytes)}`,
    `  ${views} views (CREATE VIEW: DDL, no bytes scanned), ${queries.length} data-scanning queries:`,
    ...[...kinds].map(
      ([kind, list]) =>
        `  ${kind.padEnd(12)} ${String(list.length).padStart(4)} queries, reach ${mib(total(list)).padStart(12)}, billed ≥ ${mib(billed(list)).padStart(12)} (10 MB minimum each)`,
    ),
    `  all          ${String(queries.length).padStart(4)} queries, reach ${mib(total(queries)).padStart(12)}, billed ≥ ${mib(billed(queries)).padStart(12)}`,
    `  largest: ${[...queries]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5)
      .map((q) => `${q.name} ${mib(q.bytes)}`)
      .join(', ')}`,
    '',
  ];
  return lines.join('\n');
}

const bench: BenchModule = {
  title: 'Athena: queries and bytes per dbt build --target aws, estimated from the compiled project and the lake',
  async run() {
    const given = process.env.BENCH_ATHENA_HOME;
    if (given) {
      process.stdout.write(report(`(${given})`, await estimate(given)));
      return;
    }
    for (const scale of (process.env.BENCH_ATHENA_SCALES ?? '1,10').split(',')) {
      const home = mkdtempSync(join(tmpdir(), 'opslake-bench-athena-'));
      try {
        runOpslake(['generate', '--sites', '4', '--days', '365', '--scale', scale], home);
        runOpslake(['ingest', '--all', '--quiet'], home);
        // As `opslake demo` and the scheduled job leave it: one audit file per day, not per attempt.
        runOpslake(['compact'], home);
        runOpslake(['build', '--quiet'], home);
        process.stdout.write(report(`${scale}×`, await estimate(home)));
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
  },
};
export default bench;
