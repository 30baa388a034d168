/**
 * `npm run bench startup`: how long `opslake <command> --help` takes from spawn to exit, for every
 * command, against `node -e ''` (a bare Node start) run in the same process as the baseline. The
 * bundle (functions/cli/dist, built by `make deps`) is what users run; the tsx path (TypeScript
 * transpiled at start, used when a source is newer than the bundle) is measured too.
 * Median of BENCH_STARTUP_RUNS (default 7) runs each.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { COMMANDS } from '../../functions/cli/commands/index.js';
import { createProgram } from '../../functions/cli/program.js';
import { repoRoot } from '../../functions/local/workspace.js';
import type { BenchModule } from './index.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const cli = join(repoRoot, 'functions/cli/opslake.mjs');

function medianMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const bench: BenchModule = {
  title: 'CLI start-up: opslake <command> --help vs a bare node start',
  async run() {
    const baseline = medianMs(['-e', '']);
    const fresh = spawnSync(process.execPath, [join(repoRoot, 'functions/cli/bundle.mjs')], { encoding: 'utf8' });
    if (fresh.status !== 0) throw new Error(`bundling failed: ${fresh.stderr}`);
    const lines = [`baseline node -e '': ${baseline.toFixed(0)} ms (median of ${RUNS})`];
    const names = ['', ...createProgram('bench', COMMANDS).commands.map((c) => c.name())];
    for (const name of names) {
      const args = [cli, ...(name ? [name] : []), '--help'];
      const bundled = medianMs(args);
      const tsx = medianMs(args, { ...process.env, OPSLAKE_NO_BUNDLE: '1' });
      lines.push(
        `opslake ${(name || '').padEnd(9)} --help: bundle ${bundled.toFixed(0).padStart(4)} ms (${(bundled / baseline).toFixed(1)}× node), tsx ${tsx.toFixed(0).padStart(5)} ms (${(tsx / baseline).toFixed(1)}×)`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

export default bench;
