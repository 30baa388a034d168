import type { Command } from 'commander';
import { DEFAULT_SITE_COUNT } from '../../generator/sites.js';
import type { Workspace } from '../../local/workspace.js';
import type { LocalReport } from '../../report/local.js';
import { EXIT } from '../exit-codes.js';
import { type CommandContext, decimal, example, handler, integer } from '../program.js';

interface DemoOptions {
  sites: number;
  days: number;
  scale: number;
  seed: number;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .summary('generate → ingest → build → KPI table, from an empty workspace')
    .description(
      'From an empty workspace: generate every feed → ingest → dbt build → print the KPI table. ' +
        'Empties --home first, which it does only to a workspace opslake created (or an empty directory)',
    )
    .option('--sites <n>', 'number of sites, 1–99', integer, DEFAULT_SITE_COUNT)
    .option('--days <n>', 'number of days, 1–3660', integer, 365)
    .option('--scale <x>', "volume profile: × the demo's orders per site and day (0.1–100)", decimal, 1)
    .option('--seed <n>', 'random seed: the same seed gives the same data', integer, 42)
    .addHelpText('after', example('opslake demo', 'opslake demo --sites 2 --days 30 --home /tmp/opslake-demo'))
    .action(
      handler<DemoOptions>(async (ctx) => {
        const { generateOperations, validateGenerateOptions } = await import('../../generator/operations.js');
        const { usageError } = await import('../../local/errors.js');
        const { resetWorkspace } = await import('../../local/workspace.js');
        const { sites, days, scale, seed } = ctx.options;
        const options = { sites, days, scale, seed };
        // Every argument is checked before the workspace is touched.
        try {
          validateGenerateOptions(options);
        } catch (error) {
          throw usageError((error as Error).message);
        }
        const ws = await ctx.workspace();
        // The demo starts from an empty workspace each time, so a re-run shows the same result.
        await resetWorkspace(ws);
        ctx.err(`opslake demo in ${ws.home}`);
        const started = performance.now();
        const generated = await generateOperations(ws.buckets.landing, options);
        ctx.err(
          `generated ${generated.files} feed file(s), ${generated.rows} row(s) for ${options.sites} site(s) × ${options.days} day(s) in ${seconds(started)} s`,
        );
        if (!(await ingestAndCompact(ctx, ws))) return EXIT.data;
        const { runBuild } = await import('./build.js');
        const build = await runBuild(
          ws,
          { select: [], exclude: [], fullRefresh: false, target: 'local' },
          { progress: 'bar', err: ctx.err },
        );
        if (build.exitCode !== 0) return EXIT.data;
        const { reportFromWorkspace } = await import('../../report/local.js');
        const governance = await reportFromWorkspace(ws, {});
        await showResult(ctx, ws, governance);
        return EXIT.ok;
      }),
    );
}

/** Ingests every generated file, then merges the audit log; false when a file failed. */
async function ingestAndCompact(ctx: CommandContext<DemoOptions>, ws: Workspace): Promise<boolean> {
  const { ingestAll, ingestReport, landingTargets } = await import('../../local/ingest-run.js');
  const { progress } = await import('../output.js');
  const ingestStarted = performance.now();
  const shown = progress('ingest');
  const results = await ingestAll(ws, await landingTargets([ws.buckets.landing.root]), {
    onFile: (done, total, key) => shown.update(done, total, key),
  });
  shown.end();
  const report = ingestReport(results);
  ctx.err(`${report.text}\ningested in ${seconds(ingestStarted)} s`);
  if (report.failed) return false;
  // A data file per delivery and partition, and an audit file per ingested file, would make every
  // scan (dbt's models and tests, the report, the dashboard's data-quality page) open 20k+ files.
  const { compactWorkspace } = await import('./compact.js');
  const compactStarted = performance.now();
  const compaction = await compactWorkspace(ws.buckets.lake);
  ctx.err(`${compaction.lines.join('\n')} in ${seconds(compactStarted)} s`);
  return true;
}

/** The KPI table and where to look next, or the summary and the report's paths with --json. */
async function showResult(ctx: CommandContext<DemoOptions>, ws: Workspace, governance: LocalReport): Promise<void> {
  const { kpiSummary, summaryTable } = await import('../../local/kpi-summary.js');
  const { formatTable } = await import('../table.js');
  const summary = await kpiSummary(ws.warehouse);
  if (ctx.json) {
    // The KPI summary, and where the governance report went (month, HTML and PDF paths).
    const report = { month: governance.month, html: governance.html, pdf: governance.pdf };
    ctx.out(JSON.stringify({ ...summary, report }));
    return;
  }
  const table = summaryTable(summary);
  ctx.out(
    `\nKPIs by site, ${summary.month?.slice(0, 7) ?? 'no data'}${summary.wholeMonth ? '' : ' (partial month)'} (✗ red, ! amber against target)`,
  );
  ctx.out(formatTable(table.headers, table.rows, table.headers.map((_, i) => i).slice(2)));
  ctx.out(`\nExplore: npx opslake sql "select * from kpi_monthly limit 10" --home ${ws.home}`);
  ctx.out(`\nGovernance report ${governance.month}:\n  ${governance.html}\n  ${governance.pdf}`);
  ctx.out(`Dashboard: npx opslake serve --home ${ws.home}  (then open http://127.0.0.1:8080)`);
}
