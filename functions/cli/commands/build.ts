import type { Command } from 'commander';
import type { BuildOptions, BuildSummary } from '../../local/warehouse-build.js';
import type { Workspace } from '../../local/workspace.js';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

interface BuildFlags {
  select?: string[];
  exclude?: string[];
  fullRefresh?: boolean;
  vars?: string;
  target?: string;
  quiet?: boolean;
}

/** Runs a build and prints its summary on stderr; shared with `demo`. */
export async function runBuild(
  ws: Workspace,
  options: BuildOptions,
  io: { quiet: boolean; err: (text: string) => void },
): Promise<BuildSummary> {
  const { buildWarehouse } = await import('../../local/warehouse-build.js');
  const summary = await buildWarehouse(ws, options, io.quiet ? () => {} : io.err);
  io.err(summary.line);
  for (const f of summary.failures) io.err(`  ${f.status}: ${f.name}${f.message ? ` — ${f.message}` : ''}`);
  return summary;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('run dbt build (models + tests) on the warehouse')
    .option('-s, --select <selector...>', "dbt node selection, as dbt's --select (default: everything)")
    .option('--exclude <selector...>', "nodes to leave out, as dbt's --exclude")
    .option('--full-refresh', 'rebuild incremental models from scratch')
    .option('--vars <yaml>', 'dbt vars as a YAML or JSON mapping, e.g. \'{calendar_start: "2020-01-01"}\'')
    .option('--target <name>', 'dbt target from transforms/profiles.yml', 'local')
    .option('--quiet', 'no progress lines, only the summary')
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
        const { claimWorkspace } = await import('../../local/workspace.js');
        const o = ctx.options;
        const options: BuildOptions = {
          select: o.select ?? [],
          exclude: o.exclude ?? [],
          fullRefresh: Boolean(o.fullRefresh),
          ...(o.vars === undefined ? {} : { vars: parseVars(o.vars) }),
          target: o.target ?? 'local',
        };
        const ws = await ctx.workspace();
        await claimWorkspace(ws);
        const summary = await runBuild(ws, options, { quiet: Boolean(o.quiet), err: ctx.err });
        if (ctx.json) ctx.out(JSON.stringify(summary));
        return summary.exitCode === 0 ? EXIT.ok : EXIT.data;
      }),
    );
}
