/** Runs the dbt CLI from the project venv against the `transforms/` project. */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, venvBin, type Workspace } from './workspace.js';

export interface DbtRunOptions {
  readonly workspace: Workspace;
  readonly target?: string;
  /** Where dbt writes run artefacts; separate per run so concurrent runs do not collide. */
  readonly targetPath?: string;
  /** Called with each line dbt prints; defaults to echoing to stderr. */
  readonly onLine?: (line: string) => void;
  readonly extraEnv?: Record<string, string>;
  /** The DuckDB file dbt builds into (default: the workspace's warehouse). */
  readonly warehouse?: string;
  /** `json`: dbt's structured log on stdout, one event per line (functions/local/build-progress.ts). */
  readonly logFormat?: 'json';
  /** Aborting interrupts dbt (SIGINT, as Ctrl-C would); it stops after its running nodes. */
  readonly signal?: AbortSignal;
}

export interface DbtResultSummary {
  readonly exitCode: number;
  readonly counts: Record<string, number>;
  readonly failures: { name: string; status: string; message: string | null }[];
  readonly elapsedSeconds: number;
  /** dbt wrote run_results.json: it got as far as running nodes and recorded each outcome. */
  readonly ranNodes: boolean;
}

export const transformsDir = join(repoRoot, 'transforms');

export async function runDbt(args: string[], options: DbtRunOptions): Promise<DbtResultSummary> {
  const targetPath = options.targetPath ?? join(options.workspace.home, 'dbt-target');
  const started = performance.now();
  // A stale run_results.json from an earlier run must never be read as this run's results.
  await rm(join(targetPath, 'run_results.json'), { force: true });
  const env = {
    ...process.env,
    OPSLAKE_LAKE_DIR: options.workspace.lakeDir,
    OPSLAKE_QUARANTINE_DIR: options.workspace.buckets.quarantine.root,
    OPSLAKE_WAREHOUSE: options.warehouse ?? options.workspace.warehouse,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    // No ANSI colour codes on the console or in the log file under dbt-target/logs.
    DBT_USE_COLORS: 'false',
    DBT_USE_COLORS_FILE: 'false',
    DBT_LOG_PATH: join(targetPath, 'logs'),
    DO_NOT_TRACK: '1',
    ...options.extraEnv,
  };
  const fullArgs = [
    // The console gets the structured log; the file under dbt-target/logs keeps dbt's usual text.
    ...(options.logFormat ? ['--log-format', options.logFormat, '--log-format-file', 'debug'] : []),
    ...args,
    '--project-dir',
    transformsDir,
    '--profiles-dir',
    transformsDir,
    '--target',
    options.target ?? 'local',
    '--target-path',
    targetPath,
  ];
  const onLine = options.onLine ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exitCode = await new Promise<number>((resolvePromise, reject) => {
    const child = spawn(venvBin('dbt'), fullArgs, { cwd: transformsDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const feed = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', reject);
    const interrupt = () => child.kill('SIGINT');
    options.signal?.addEventListener('abort', interrupt, { once: true });
    child.on('exit', () => options.signal?.removeEventListener('abort', interrupt));
    child.on('close', (code) => {
      if (pending) onLine(pending);
      resolvePromise(code ?? 1);
    });
  });
  const counts: Record<string, number> = {};
  const failures: DbtResultSummary['failures'] = [];
  let ranNodes = false;
  try {
    const results = JSON.parse(await readFile(join(targetPath, 'run_results.json'), 'utf8')) as {
      results: { unique_id: string; status: string; message: string | null }[];
    };
    ranNodes = true;
    for (const r of results.results) {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      if (!['success', 'pass', 'skipped', 'no-op'].includes(r.status)) {
        failures.push({ name: r.unique_id, status: r.status, message: r.message });
      }
    }
  } catch {
    // No run_results.json: dbt failed before running anything; the exit code says so.
  }
  return { exitCode, counts, failures, elapsedSeconds: (performance.now() - started) / 1000, ranNodes };
}
