/**
 * Peak resident memory of a child process and everything it starts (dbt runs as a Python grandchild
 * of `opslake build`), read from /proc (Linux) while it runs: the larger of the child's own
 * high-water mark and the largest sum of the tree's resident sets seen in one sample.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface ChildRun {
  readonly exitCode: number;
  readonly seconds: number;
  /** Peak resident set size of the process tree, in MiB. */
  readonly peakRssMiB: number;
  readonly stdout: string;
  /** The child's stderr when `captureStderr` was asked for (else it went to this process's). */
  readonly stderr: string;
}

/** Runs a command and reports its wall time and peak RSS (so one bench does not skew another). */
export async function runMeasured(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  { captureStderr = false } = {},
): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', captureStderr ? 'pipe' : 'inherit'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let peakKiB = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const sample = async () => {
    if (child.pid === undefined) return;
    const own = await statusKiB(child.pid, 'VmHWM');
    const tree = await treeRssKiB(child.pid);
    peakKiB = Math.max(peakKiB, own, tree);
  };
  const timer = setInterval(sample, 50);
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  clearInterval(timer);
  return { exitCode, seconds: (performance.now() - started) / 1000, peakRssMiB: peakKiB / 1024, stdout, stderr };
}

async function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  } catch {
    return 0; // The process has exited between samples.
  }
}

async function childPids(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(
      tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')),
    );
    return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** The current resident set of `pid` and all its descendants. */
async function treeRssKiB(pid: number): Promise<number> {
  const children = await childPids(pid);
  const sizes = await Promise.all(children.map(treeRssKiB));
  return (await statusKiB(pid, 'VmRSS')) + sizes.reduce((sum, size) => sum + size, 0);
}
