/**
 * `opslake build`: dbt build over the workspace's lake into its DuckDB warehouse, with dbt's own
 * selection and options passed through, progress from dbt's structured log as nodes finish.
 */
import { parse as parseYaml } from 'yaml';
import {
  type BuildRecord,
  buildFingerprint,
  fileIdentity,
  readBuildRecord,
  upToDateRecord,
  writeBuildRecord,
} from './build-fingerprint.js';
import { acquireBuildLock } from './build-lock.js';
import { type DbtNodeFinished, parseDbtLogLine, progressLine } from './build-progress.js';
import { type DbtResultSummary, runDbt } from './dbt.js';
import { usageError } from './errors.js';
import { writeSchemaFiles } from './lake-bootstrap.js';
import { discardBuildingCopy, prepareBuildingCopy, publishBuildingCopy } from './warehouse-swap.js';
import { venvBin, type Workspace } from './workspace.js';

export interface BuildOptions {
  readonly select: readonly string[];
  readonly exclude: readonly string[];
  readonly fullRefresh: boolean;
  /** dbt vars; passed to dbt as JSON. */
  readonly vars?: Record<string, unknown>;
  readonly target: string;
  /** Run dbt even when nothing it reads changed since the last completed build. @default false */
  readonly force?: boolean;
}

export interface BuildSummary {
  readonly exitCode: number;
  readonly counts: Record<string, number>;
  readonly failures: { name: string; status: string; message: string | null }[];
  readonly elapsedSeconds: number;
  /** The new build replaced the warehouse (false: dbt stopped before running, or was interrupted). */
  readonly published: boolean;
  /**
   * dbt did not run: nothing it reads (lake, quarantine, dbt project, options) changed since the
   * last completed build, whose warehouse is still in place (see build-fingerprint.ts).
   */
  readonly upToDate: boolean;
  readonly warehouse: string;
  /** dbt's error messages when it stopped before running any node (a bad selector, a parse error). */
  readonly errors: readonly string[];
  /** The one-line summary. */
  readonly line: string;
}

/** What a build tells its caller as it goes: each node as it finishes, and dbt's warnings. */
export interface BuildProgress {
  node(line: string, node: DbtNodeFinished): void;
  note(text: string): void;
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

/**
 * dbt build into a copy of the warehouse, published over it when dbt has run its nodes (see
 * warehouse-swap.ts); one build at a time per workspace (build-lock.ts). Ctrl-C stops dbt and
 * leaves the warehouse as it was.
 */
export async function buildWarehouse(
  ws: Workspace,
  options: BuildOptions,
  progress: BuildProgress,
): Promise<BuildSummary> {
  venvBin('dbt'); // "dbt is not installed" before anything is locked or copied
  const lock = await acquireBuildLock(ws.home);
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // Only the DuckDB target builds a file here; Athena's tables live in AWS.
  const swap = options.target === 'local';
  try {
    await writeSchemaFiles(ws.buckets);
    const args = dbtBuildArgs(options);
    // Only a local build into the workspace's warehouse can be known to be up to date.
    const fingerprint = swap ? buildFingerprint(ws, { args, target: options.target }) : undefined;
    const skippable = fingerprint !== undefined && !options.force && !options.fullRefresh;
    const previous = skippable ? upToDateRecord(ws, await readBuildRecord(ws), fingerprint) : undefined;
    if (previous) return upToDateSummary(ws, previous);
    const building = swap ? await prepareBuildingCopy(ws) : ws.warehouse;
    const errors: string[] = [];
    const summary = await runDbt(args, {
      workspace: ws,
      warehouse: building,
      target: options.target,
      logFormat: 'json',
      signal: abort.signal,
      onLine: (raw) => {
        const event = parseDbtLogLine(raw);
        if (event?.type === 'node') progress.node(progressLine(event.node), event.node);
        else if (event?.type === 'raw') progress.note(event.text);
        else if (event?.type === 'message' && !event.summary) progress.note(event.text);
        else if (event?.type === 'message' && event.level === 'error') errors.push(event.text);
      },
    });
    const finished = summary.ranNodes && !abort.signal.aborted && summary.exitCode <= 1;
    if (swap && finished) await publishBuildingCopy(ws);
    else if (swap) await discardBuildingCopy(ws);
    const published = swap && finished;
    const line = summaryLine(summary, { aborted: abort.signal.aborted, swap, published });
    const warehouse = published ? fileIdentity(ws.warehouse) : undefined;
    // A build with failed tests is not recorded: the next one runs, and shows the failures again.
    if (fingerprint && warehouse && summary.exitCode === 0) {
      await writeBuildRecord(ws, { fingerprint, warehouse, finishedAt: new Date().toISOString(), line });
    }
    return {
      ...summary,
      exitCode: abort.signal.aborted && summary.exitCode === 0 ? 1 : summary.exitCode,
      published,
      upToDate: false,
      warehouse: ws.warehouse,
      errors: summary.ranNodes ? [] : errors,
      line,
    };
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await lock.release();
  }
}

function upToDateSummary(ws: Workspace, previous: BuildRecord): BuildSummary {
  const at = previous.finishedAt.slice(0, 16).replace('T', ' ');
  return {
    exitCode: 0,
    counts: {},
    failures: [],
    elapsedSeconds: 0,
    published: false,
    upToDate: true,
    warehouse: ws.warehouse,
    errors: [],
    line:
      `dbt build: nothing changed since the build of ${at} UTC (lake, quarantine, dbt project and options ` +
      `the same); warehouse unchanged — --force to run dbt anyway. That build: ${previous.line.replace(/^dbt build: /, '')}`,
  };
}

function summaryLine(summary: DbtResultSummary, how: { aborted: boolean; swap: boolean; published: boolean }): string {
  const counts = Object.entries(summary.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const ran = summary.ranNodes ? counts || 'no node selected' : `nothing ran (dbt exited ${summary.exitCode})`;
  const outcome = !how.swap
    ? ''
    : how.published
      ? '; warehouse updated'
      : `; warehouse unchanged${how.aborted ? ' (interrupted)' : ''}`;
  return `dbt build: ${ran} in ${summary.elapsedSeconds.toFixed(1)} s${outcome}`;
}
