import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

interface ReportOptions {
  month?: string;
  scope: string;
  out?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'the monthly governance report as self-contained HTML and a PDF (A4 landscape): summary, scorecard, trends, movers and drivers, commentary, data quality, definitions',
    )
    .option('--month <YYYY-MM>', 'the month to report (default: the latest month the data covers to its end)')
    .option('--scope <scope>', 'company, region:<region> or site:<site id>', 'company')
    .option('--out <dir>', 'where to write the files (default <home>/reports)')
    .addHelpText(
      'after',
      example('opslake report', 'opslake report --month 2025-11 --scope site:S3 --out /tmp/reports'),
    )
    .action(
      handler<ReportOptions>(async (ctx) => {
        const { usageError } = await import('../../local/errors.js');
        const { parseMonth } = await import('../../report/month.js');
        const { parseScope } = await import('../../report/scope.js');
        let month: string | undefined;
        let scope: ReturnType<typeof parseScope>;
        try {
          month = ctx.options.month ? parseMonth(ctx.options.month) : undefined;
          scope = parseScope(ctx.options.scope);
        } catch (error) {
          throw usageError((error as Error).message);
        }
        const { requireBuild } = await import('../../local/workspace.js');
        const ws = await ctx.workspace();
        requireBuild(ws);
        const { reportFromWorkspace } = await import('../../report/local.js');
        const report = await reportFromWorkspace(ws, {
          ...(month ? { month } : {}),
          scope,
          ...(ctx.options.out ? { outDir: ctx.options.out } : {}),
        });
        if (ctx.json) ctx.out(JSON.stringify(report));
        else ctx.out(`report ${report.month}: ${report.html}\nreport ${report.month}: ${report.pdf}`);
        return EXIT.ok;
      }),
    );
}
