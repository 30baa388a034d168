import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('validate feed files and land them in the lake as Parquet (bad rows go to quarantine)')
    .argument('[paths...]', 'feed files (<system>/<feed>/<file>) or landing directories')
    .option('--all', "ingest everything in the workspace's landing/ directory")
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      example(
        'opslake ingest landing/tms/shipments/S1_2026-01-05.csv',
        'opslake ingest ./landing --json',
        'opslake ingest --all',
      ),
    )
    .action(
      handler<{ all?: boolean; quiet?: boolean }>(async (ctx) => {
        const { usageError } = await import('../../local/errors.js');
        const paths = ctx.args[0] as string[];
        const ws = await ctx.workspace();
        if (ctx.options.all && paths.length > 0) throw usageError('give paths or --all, not both');
        if (!ctx.options.all && paths.length === 0) {
          const { landingSummary } = await import('../../local/ingest-run.js');
          throw usageError(
            `no path given: \`opslake ingest <file|dir>…\` ingests those; \`opslake ingest --all\` would ingest ${await landingSummary(ws)}`,
          );
        }
        const { claimWorkspace } = await import('../../local/workspace.js');
        const { ingestRun, ingestReport, landingTargets } = await import('../../local/ingest-run.js');
        const { progress } = await import('../output.js');
        const { formatTable } = await import('../table.js');
        const targets = await landingTargets(ctx.options.all ? [ws.buckets.landing.root] : paths);
        await claimWorkspace(ws);
        const shown = progress('ingest', ctx.options.quiet);
        // doctor first: an earlier run that died mid-publish is rolled back before anything new lands.
        const run = await ingestRun(ws, targets, {
          doctorFirst: true,
          onFile: (done, total, key) => shown.update(done, total, key),
        });
        shown.end();
        const { results } = run;
        const report = ingestReport(results, run);
        if (ctx.json) {
          ctx.out(JSON.stringify(results, null, 2));
          // Files that came to no result are not in the JSON (it lists audit records): say so.
          if (run.failures.length > 0) ctx.err(report.text);
        } else {
          const table = formatTable(
            ['file', 'outcome', 'rows in', 'valid', 'rejected', 'ms'],
            results.map((r) => [r.source_key, r.outcome, r.rows_in, r.rows_valid, r.rows_rejected, r.duration_ms]),
          );
          ctx.out(`${table}\n\n${report.text}`);
        }
        return report.failed ? EXIT.data : EXIT.ok;
      }),
    );
}
