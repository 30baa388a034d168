import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface SqlOptions {
  file?: string;
  format?: string;
  out?: string;
  target?: string;
  workgroup?: string;
  database?: string;
  param?: string[];
  list?: boolean;
  maxRows?: string;
  excelSafe?: boolean;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run SQL against the warehouse (read-only) or Athena; a prompt when no SQL is given on a terminal')
    .argument('[query...]', 'the SQL (words are joined with spaces); or -f, or stdin')
    .option('-f, --file <file.sql>', 'read the SQL from a file (several statements: each result is shown)')
    .option('--format <format>', 'table, csv, json, ndjson or parquet (default table; --json means json)')
    .option('--out <file>', 'write the result to a file instead of stdout (parquet needs one)')
    .option('--target <target>', 'local (the DuckDB warehouse) or aws (Athena)', 'local')
    .option('--workgroup <name>', 'the Athena workgroup (default opslake-analysts)')
    .option('--database <name>', 'the Glue database for unqualified tables (default opslake_marts)')
    .option('--param <value>', 'a value for the next ? placeholder (repeat; text:… forces text)', collect)
    .option('--list', 'list the tables with their descriptions')
    .option('--max-rows <n>', 'rows shown by the table format (default 40; the count is always full)')
    .option('--excel-safe', "CSV for spreadsheets: cells starting = + - @ are prefixed with ' and a BOM is written")
    .addHelpText(
      'after',
      example(
        'opslake sql "select * from kpi_monthly limit 10"',
        'opslake sql --format csv --out orders.csv "select * from fct_orders where site_id = ?" --param S1',
        'echo "select 1" | opslake sql',
        'opslake sql --target aws --workgroup opslake-analysts -f question.sql',
      ),
    )
    .action(
      handler<SqlOptions>(async (ctx) => {
        const { sqlCommand } = await import('../sql/sql-command.js');
        const { requireBuild } = await import('../../local/workspace.js');
        const ws = await ctx.workspace();
        const o = ctx.options;
        if ((o.target ?? 'local') === 'local') requireBuild(ws);
        const input = {
          query: (ctx.args[0] as string[] | undefined) ?? [],
          json: ctx.json,
          ...(o.file ? { file: o.file } : {}),
          ...(o.format ? { format: o.format } : {}),
          ...(o.out ? { out: o.out } : {}),
          ...(o.target ? { target: o.target } : {}),
          ...(o.workgroup ? { workgroup: o.workgroup } : {}),
          ...(o.database ? { database: o.database } : {}),
          ...(o.param ? { param: o.param } : {}),
          ...(o.list ? { list: true } : {}),
          ...(o.maxRows ? { maxRows: o.maxRows } : {}),
          ...(o.excelSafe ? { excelSafe: true } : {}),
        };
        return (await sqlCommand(input, ws)) === 0 ? EXIT.ok : EXIT.data;
      }),
    );
}
