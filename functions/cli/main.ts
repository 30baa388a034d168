/**
 * `opslake` — the command line over the embedded default (a local directory standing in for the
 * buckets, DuckDB as the engine). Each subcommand is a thin layer over a core module.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedFiles } from '../../schemas/codegen/index.js';
import { type IngestResult, ingestFile } from '../core/ingest.js';
import { loadSiteTimezones } from '../core/site-timezones.js';
import { LocalDirectoryStore } from '../core/storage/local-directory.js';
import { injectDefects, MANIFEST_KEY } from '../generator/defects.js';
import { DEFAULT_START, generateOperations } from '../generator/operations.js';
import { runDbt } from '../local/dbt.js';
import { kpiSummary, summaryTable } from '../local/kpi-summary.js';
import { writeSchemaFiles } from '../local/lake-bootstrap.js';
import { query } from '../local/warehouse.js';
import { repoRoot, type Workspace, workspace } from '../local/workspace.js';
import { formatTable } from './table.js';

const HELP = `opslake — operational data pipeline and metrics warehouse

Usage: opslake <command> [options]

Commands:
  demo                   generate feeds → ingest → dbt build → print the KPI table
  generate               write generated feed files into the landing directory
  ingest <file|dir>...   validate files and land them in the lake as Parquet
  build                  run dbt build (models + tests) on the warehouse
  sql <query>            run SQL against the warehouse
  docs                   build the dbt docs site (models, columns, tests, lineage)
  codegen [--check]      write (or check) the files generated from the contracts

Common options:
  --home <dir>   the local workspace (default: $OPSLAKE_HOME or ./.opslake)
  --json         machine-readable output
  -h, --help     show help
`;

type Values = Record<string, string | boolean | undefined>;

type ParseOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

interface Command {
  readonly options: ParseOptions;
  run(values: Values, positionals: string[], ws: Workspace): Promise<number>;
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

/** Lists the landing keys to ingest from file or directory arguments. */
async function landingTargets(paths: string[], ws: Workspace): Promise<{ store: LocalDirectoryStore; key: string }[]> {
  const { stat } = await import('node:fs/promises');
  const targets: { store: LocalDirectoryStore; key: string }[] = [];
  for (const path of paths.length > 0 ? paths : [ws.buckets.landing.root]) {
    const info = await stat(path);
    if (info.isDirectory()) {
      // A directory is a landing root: keys are `<system>/<feed>/<file>` below it.
      const store = new LocalDirectoryStore(path);
      for await (const object of store.list('')) {
        // The generator's defect manifest describes the feeds; it is not one.
        if (!object.key.startsWith('_manifest/')) targets.push({ store, key: object.key });
      }
    } else {
      // A single file is named by its last three path parts: <system>/<feed>/<file>.
      const feedDir = dirname(path);
      const root = dirname(dirname(feedDir));
      const key = path
        .slice(root.length + 1)
        .split(/[\\/]/)
        .join('/');
      targets.push({ store: new LocalDirectoryStore(root), key });
    }
  }
  return targets;
}

function summarise(results: IngestResult[]): string {
  return formatTable(
    ['file', 'outcome', 'rows in', 'valid', 'rejected', 'ms'],
    results.map((r) => [r.source_key, r.outcome, r.rows_in, r.rows_valid, r.rows_rejected, r.duration_ms]),
  );
}

/** Files ingested at once by the CLI. Each is independent: keys, ledger and outputs are per file. */
const INGEST_CONCURRENCY = 3;

async function ingestAll(ws: Workspace, paths: string[], json: boolean): Promise<IngestResult[]> {
  // The site master goes first: zone-less local times in every other feed are read in its zones.
  // Then INGEST_CONCURRENCY files at a time: a small daily file spends about a third of its time
  // waiting on the file system, which another file's parsing can fill (1,103 files: 24 s → 19 s).
  const isSites = (key: string) => (key.startsWith('reference/sites/') ? 0 : 1);
  const targets = (await landingTargets(paths, ws)).sort((a, b) => isSites(a.key) - isSites(b.key));
  const results: IngestResult[] = new Array(targets.length);
  const progress = process.stderr.isTTY && !json;
  let done = 0;
  const ingest = async (i: number, siteTimezones?: Map<string, string>) => {
    const target = targets[i] as (typeof targets)[number];
    results[i] = await ingestFile({
      buckets: { ...ws.buckets, landing: target.store },
      key: target.key,
      ...(siteTimezones ? { siteTimezones } : {}),
    });
    done++;
    if (progress) process.stderr.write(`\r[${done}/${targets.length}] ${target.key}`.padEnd(80).slice(0, 100));
  };
  const sites = targets.filter((t) => isSites(t.key) === 0).length;
  for (let i = 0; i < sites; i++) await ingest(i);
  // Read once for the whole run, as the Lambda does per batch: the site master is in place now.
  const siteTimezones = await loadSiteTimezones(ws.buckets.lake);
  let next = sites;
  const worker = async () => {
    while (next < targets.length) await ingest(next++, siteTimezones);
  };
  await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, worker));
  if (progress) process.stderr.write('\r'.padEnd(101, ' ').concat('\r'));
  return results;
}

function ingestReport(results: IngestResult[]): { text: string; failed: boolean } {
  const total = results.reduce(
    (acc, r) => ({ in: acc.in + r.rows_in, valid: acc.valid + r.rows_valid, rejected: acc.rejected + r.rows_rejected }),
    { in: 0, valid: 0, rejected: 0 },
  );
  const byOutcome = new Map<string, number>();
  for (const r of results) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
  const problems = results.filter(
    (r) => r.outcome !== 'loaded' && r.outcome !== 'duplicate' && r.outcome !== 'superseded',
  );
  const lines = [
    `${results.length} file(s): ${[...byOutcome].map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `rows: ${total.in} in = ${total.valid} valid + ${total.rejected} rejected`,
  ];
  for (const r of problems) {
    lines.push(`  ${r.source_key}: ${r.outcome}${r.reason ? ` — ${r.reason}` : ''}`);
    for (const rej of r.rejections.slice(0, 5)) {
      lines.push(`    row ${rej.row}${rej.column ? `, column ${rej.column}` : ''}: ${rej.rule} — ${rej.message}`);
    }
    if (r.rejections.length > 5) lines.push(`    … and ${r.rejections.length - 5} more in quarantine`);
  }
  return { text: lines.join('\n'), failed: results.some((r) => r.outcome === 'rejected') };
}

async function build(ws: Workspace, quiet: boolean): Promise<number> {
  await writeSchemaFiles(ws.buckets.lake);
  const summary = await runDbt(['build'], {
    workspace: ws,
    onLine: quiet ? () => {} : (line) => err(line),
  });
  const counts = Object.entries(summary.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  err(`dbt build: ${counts || 'nothing ran'} in ${summary.elapsedSeconds.toFixed(1)} s`);
  for (const f of summary.failures) err(`  ${f.status}: ${f.name}${f.message ? ` — ${f.message}` : ''}`);
  return summary.exitCode;
}

const commands: Record<string, Command> = {
  codegen: {
    options: { check: { type: 'boolean' } },
    async run(values) {
      let stale = 0;
      for (const file of generatedFiles()) {
        const path = join(repoRoot, file.path);
        const current = await readFile(path, 'utf8').catch(() => undefined);
        if (current === file.content) continue;
        if (values.check) {
          err(`stale: ${file.path}`);
          stale++;
        } else {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, file.content);
          out(`wrote ${file.path}`);
        }
      }
      if (stale > 0) err('run `opslake codegen` to regenerate');
      return stale > 0 ? 1 : 0;
    },
  },
  generate: {
    options: {
      sites: { type: 'string', default: '4' },
      days: { type: 'string', default: '28' },
      seed: { type: 'string', default: '42' },
      start: { type: 'string', default: DEFAULT_START },
      format: { type: 'string', default: 'csv' },
      defects: { type: 'boolean' },
      out: { type: 'string' },
    },
    async run(values, _positionals, ws) {
      const landing = values.out ? new LocalDirectoryStore(String(values.out)) : ws.buckets.landing;
      const format = String(values.format);
      if (format !== 'csv' && format !== 'ndjson') throw new Error(`--format must be csv or ndjson, got "${format}"`);
      const started = performance.now();
      const result = await generateOperations(landing, {
        sites: Number(values.sites),
        days: Number(values.days),
        seed: Number(values.seed),
        start: String(values.start),
        format,
      });
      const defects = values.defects ? await injectDefects(landing, result.keys, { seed: Number(values.seed) }) : [];
      const seconds = (performance.now() - started) / 1000;
      if (values.json) out(JSON.stringify({ ...result, keys: undefined, defects: defects.length, seconds }));
      else
        out(
          `wrote ${result.files} file(s), ${result.rows} row(s), ${(result.bytes / 1e6).toFixed(1)} MB to ${landing.location} in ${seconds.toFixed(1)} s`,
        );
      if (defects.length > 0) out(`injected ${defects.length} defect(s); expected outcomes in ${MANIFEST_KEY}`);
      return 0;
    },
  },
  ingest: {
    options: {},
    async run(values, positionals, ws) {
      const results = await ingestAll(ws, positionals, Boolean(values.json));
      const report = ingestReport(results);
      if (values.json) out(JSON.stringify(results, null, 2));
      else out(`${summarise(results)}\n\n${report.text}`);
      return report.failed ? 1 : 0;
    },
  },
  build: {
    options: { quiet: { type: 'boolean' } },
    async run(values, _positionals, ws) {
      return build(ws, Boolean(values.quiet));
    },
  },
  docs: {
    options: {},
    async run(values, _positionals, ws) {
      await writeSchemaFiles(ws.buckets.lake);
      // --static writes one self-contained static_index.html that opens from disk, no server needed.
      const summary = await runDbt(['docs', 'generate', '--static'], { workspace: ws, onLine: () => {} });
      if (summary.exitCode !== 0) {
        err('dbt docs generate failed; run `opslake build` first — the catalog reads the built tables');
        return summary.exitCode;
      }
      const site = join(ws.home, 'dbt-target', 'static_index.html');
      if (values.json) out(JSON.stringify({ site }));
      else out(`docs site: ${site}`);
      return 0;
    },
  },
  sql: {
    options: {},
    async run(values, positionals, ws) {
      const result = await query(ws.warehouse, positionals.join(' '));
      if (values.json)
        out(JSON.stringify(result.rows.map((r) => Object.fromEntries(r.map((v, i) => [result.columns[i], v])))));
      else out(formatTable(result.columns, result.rows));
      return 0;
    },
  },
  demo: {
    options: {
      sites: { type: 'string', default: '4' },
      days: { type: 'string', default: '365' },
      seed: { type: 'string', default: '42' },
    },
    async run(values, _positionals, ws) {
      const { rm } = await import('node:fs/promises');
      // The demo starts from an empty workspace each time, so a re-run shows the same result.
      await rm(ws.home, { recursive: true, force: true });
      err(`opslake demo in ${ws.home}`);
      const started = performance.now();
      const generated = await generateOperations(ws.buckets.landing, {
        sites: Number(values.sites),
        days: Number(values.days),
        seed: Number(values.seed),
      });
      err(
        `generated ${generated.files} feed file(s), ${generated.rows} row(s) for ${values.sites} site(s) × ${values.days} day(s) in ${seconds(started)} s`,
      );
      const ingestStarted = performance.now();
      const report = ingestReport(await ingestAll(ws, [], Boolean(values.json)));
      err(`${report.text}\ningested in ${seconds(ingestStarted)} s`);
      if (report.failed) return 1;
      const code = await build(ws, true);
      if (code !== 0) return code;
      const summary = await kpiSummary(ws.warehouse);
      if (values.json) {
        out(JSON.stringify(summary));
        return 0;
      }
      const table = summaryTable(summary);
      out(
        `\nKPIs by site, ${summary.month?.slice(0, 7) ?? 'no data'}${summary.wholeMonth ? '' : ' (partial month)'} (✗ red, ! amber against target)`,
      );
      out(formatTable(table.headers, table.rows, table.headers.map((_, i) => i).slice(2)));
      out(`\nExplore: npx opslake sql "select * from kpi_monthly limit 10" --home ${ws.home}`);
      return 0;
    },
  },
};

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    out(HELP);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    err(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        ...command.options,
        home: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    out(HELP);
    return 0;
  }
  const values = parsed.values as Values;
  try {
    return await command.run(values, parsed.positionals, workspace(values.home as string | undefined));
  } catch (error) {
    err(`opslake ${name}: ${(error as Error).message}`);
    if (process.env.OPSLAKE_DEBUG) err((error as Error).stack ?? '');
    return 1;
  }
}
