/** Peak resident memory of a child process, read from /proc (Linux) while it runs. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ChildRun {
  readonly exitCode: number;
  readonly seconds: number;
  /** VmHWM: the peak resident set size, in MiB. */
  readonly peakRssMiB: number;
  readonly stdout: string;
}

/** Runs a command and reports its wall time and peak RSS (so one bench does not skew another). */
export async function runMeasured(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  let peakKiB = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const sample = async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    } catch {
      // The process has exited between samples.
    }
  };
  const timer = setInterval(sample, 50);
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  clearInterval(timer);
  return { exitCode, seconds: (performance.now() - started) / 1000, peakRssMiB: peakKiB / 1024, stdout };
}
