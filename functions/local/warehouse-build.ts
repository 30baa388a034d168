/**
 * `opslake build`: dbt build over the workspace's lake into its DuckDB warehouse, with dbt's own
 * selection and options passed through.
 */
import { parse as parseYaml } from 'yaml';
import { runDbt } from './dbt.js';
import { usageError } from './errors.js';
import { writeSchemaFiles } from './lake-bootstrap.js';
import type { Workspace } from './workspace.js';

export interface BuildOptions {
  readonly select: readonly string[];
  readonly exclude: readonly string[];
  readonly fullRefresh: boolean;
  /** dbt vars; passed to dbt as JSON. */
  readonly vars?: Record<string, unknown>;
  readonly target: string;
}

export interface BuildSummary {
  readonly exitCode: number;
  readonly counts: Record<string, number>;
  readonly failures: { name: string; status: string; message: string | null }[];
  readonly elapsedSeconds: number;
  /** The one-line summary. */
  readonly line: string;
}

/** Reads `--vars` as dbt does (YAML, of which JSON is a part); it must be a mapping. */
export function parseVars(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw usageError(`--vars is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(`--vars must be a mapping such as '{calendar_start: "2020-01-01"}', got ${JSON.stringify(text)}`);
  }
  return value as Record<string, unknown>;
}

export function dbtBuildArgs(options: BuildOptions): string[] {
  return [
    'build',
    ...(options.select.length > 0 ? ['--select', ...options.select] : []),
    ...(options.exclude.length > 0 ? ['--exclude', ...options.exclude] : []),
    ...(options.fullRefresh ? ['--full-refresh'] : []),
    ...(options.vars ? ['--vars', JSON.stringify(options.vars)] : []),
  ];
}

export async function buildWarehouse(
  ws: Workspace,
  options: BuildOptions,
  onLine: (line: string) => void,
): Promise<BuildSummary> {
  await writeSchemaFiles(ws.buckets.lake);
  const summary = await runDbt(dbtBuildArgs(options), { workspace: ws, target: options.target, onLine });
  const counts = Object.entries(summary.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const line = `dbt build: ${counts || 'nothing ran'} in ${summary.elapsedSeconds.toFixed(1)} s`;
  return { ...summary, line };
}
