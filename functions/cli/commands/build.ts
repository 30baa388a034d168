import type { Command } from 'commander';
import type { BuildOptions, BuildSummary } from '../../local/warehouse-build.js';
import type { Workspace } from '../../local/workspace.js';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

interface BuildFlags {
  select?: string[];
  exclude?: string[];
  fullRefresh?: boolean;
  force?: boolean;
  vars?: string;
  target?: string;
  quiet?: boolean;
}

/**
 * Runs a build and prints its summary on stderr; shared with `demo`. `lines`: a line per node as
 * it finishes (`opslake build`); `bar`: one updating line in a terminal (`demo`); `quiet`: none.
 */
export async function runBuild(
  ws: Workspace,
  options: BuildOptions,
  io: { progress: 'lines' | 'bar' | 'quiet'; err: (text: string) => void },
): Promise<BuildSummary> {
  const { buildWarehouse } = await import('../../local/warehouse-build.js');
  const { progress } = await import('../output.js');
  const bar = progress('build', io.progress !== 'bar');
  const summary = await buildWarehouse(ws, options, {
    node: (line, node) => {
      if (io.progress === 'lines') io.err(line);
      else bar.update(node.index, node.total, line.slice(line.indexOf(']') + 2));
    },
    note: (text) => {
      if (io.progress !== 'quiet') io.err(text);
    },
  });
  bar.end();
  io.err(summary.line);
  for (const e of summary.errors) io.err(e);
  for (const f of summary.failures) io.err(`  ${f.status}: ${f.name}${f.message ? ` — ${f.message}` : ''}`);
  return summary;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description(
      'run dbt build (models + tests) into a copy of the warehouse and swap it in when dbt has finished, ' +
        'so `opslake sql` and `serve` keep reading the last build meanwhile',
    )
    .option('-s, --select <selector...>', "dbt node selection, as dbt's --select (default: everything)")
    .option('--exclude <selector...>', "nodes to leave out, as dbt's --exclude")
    .option('--full-refresh', 'rebuild incremental models from scratch')
    .option(
      '--force',
      'run dbt even when nothing it reads (lake, quarantine, dbt project, options) changed since the last build',
    )
    .option('--vars <yaml>', 'dbt vars as a YAML or JSON mapping, e.g. \'{calendar_start: "2020-01-01"}\'')
    .option('--target <name>', 'dbt target from transforms/profiles.yml', 'local')
    .option('--quiet', 'no progress lines (one per model, test and seed as it finishes), only the summary')
    .addHelpText(
      'after',
      example(
        'opslake build',
        'opslake build --select stg_tms__shipments+',
        "opslake build --vars '{calendar_start: 2020-01-01}'",
      ),
    )
    .action(
      handler<BuildFlags>(async (ctx) => {
        const { parseVars } = await import('../../local/warehouse-build.js');
        const { requireWorkspace } = await import('../../local/workspace.js');
        const o = ctx.options;
        const options: BuildOptions = {
          select: o.select ?? [],
          exclude: o.exclude ?? [],
          fullRefresh: Boolean(o.fullRefresh),
          force: Boolean(o.force),
          ...(o.vars === undefined ? {} : { vars: parseVars(o.vars) }),
          target: o.target ?? 'local',
        };
        const ws = await ctx.workspace();
        requireWorkspace(ws);
        const summary = await runBuild(ws, options, { progress: o.quiet ? 'quiet' : 'lines', err: ctx.err });
        if (ctx.json) ctx.out(JSON.stringify(summary));
        return summary.exitCode === 0 ? EXIT.ok : EXIT.data;
      }),
    );
}
