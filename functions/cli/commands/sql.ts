import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run SQL against the warehouse (read-only)')
    .argument('<query...>', 'the SQL (words are joined with spaces)')
    .addHelpText('after', example('opslake sql "select * from kpi_monthly limit 10"', 'opslake sql "select 1" --json'))
    .action(
      handler(async (ctx) => {
        const { requireBuild } = await import('../../local/workspace.js');
        const { query } = await import('../../local/warehouse.js');
        const { formatTable } = await import('../table.js');
        const ws = await ctx.workspace();
        requireBuild(ws);
        const result = await query(ws.warehouse, (ctx.args[0] as string[]).join(' '));
        if (ctx.json)
          ctx.out(JSON.stringify(result.rows.map((r) => Object.fromEntries(r.map((v, i) => [result.columns[i], v])))));
        else ctx.out(formatTable(result.columns, result.rows));
        return EXIT.ok;
      }),
    );
}
