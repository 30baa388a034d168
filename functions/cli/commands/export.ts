import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

interface ExportOptions {
  format: string;
  out: string;
  target?: string;
  workgroup?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a table or a query to XLSX (typed cells), spreadsheet-safe CSV or Parquet')
    .argument('<table-or-query>', 'a table name (kpi_monthly, bi.fct_kpi_monthly) or a SELECT')
    .requiredOption('--format <format>', 'xlsx, csv or parquet')
    .requiredOption('--out <file>', 'the file to write')
    .option('--target <target>', 'local (the DuckDB warehouse) or aws (Athena)', 'local')
    .option('--workgroup <name>', 'the Athena workgroup (default opslake-analysts)')
    .addHelpText(
      'after',
      example(
        'opslake export kpi_monthly --format xlsx --out kpis.xlsx',
        'opslake export "select * from fct_orders where order_date >= date \'2026-01-01\'" --format csv --out orders.csv',
      ),
    )
    .action(
      handler<ExportOptions>(async (ctx) => {
        const { exportCommand } = await import('../export/export-command.js');
        const { requireBuild } = await import('../../local/workspace.js');
        const { usageError } = await import('../../local/errors.js');
        const ws = await ctx.workspace();
        const target = ctx.options.target ?? 'local';
        if (target !== 'local' && target !== 'aws') throw usageError(`--target must be local or aws, got "${target}"`);
        if (target === 'local') requireBuild(ws);
        const rows = await exportCommand(
          {
            source: String(ctx.args[0]),
            format: ctx.options.format,
            out: ctx.options.out,
            target,
            ...(ctx.options.workgroup ? { workgroup: ctx.options.workgroup } : {}),
          },
          ws,
        );
        if (ctx.json) ctx.out(JSON.stringify({ rows, file: ctx.options.out }));
        else ctx.err(`wrote ${rows.toLocaleString('en')} row(s) to ${ctx.options.out}`);
        return EXIT.ok;
      }),
    );
}
