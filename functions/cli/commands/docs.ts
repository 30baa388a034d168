import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('build the dbt docs site (models, columns, tests, lineage) as one static HTML file')
    .addHelpText('after', example('opslake docs', 'opslake docs --json'))
    .action(
      handler(async (ctx) => {
        const { join } = await import('node:path');
        const { requireBuild } = await import('../../local/workspace.js');
        const { writeSchemaFiles } = await import('../../local/lake-bootstrap.js');
        const { runDbt } = await import('../../local/dbt.js');
        const { withWarehouseCopy } = await import('../../local/warehouse-swap.js');
        const ws = await ctx.workspace();
        requireBuild(ws);
        await writeSchemaFiles(ws.buckets);
        // --static writes one self-contained static_index.html that opens from disk, no server needed.
        // On a copy: dbt opens its database for writing, which readers (sql, serve) would block.
        const summary = await withWarehouseCopy(ws, (warehouse) =>
          runDbt(['docs', 'generate', '--static'], { workspace: ws, warehouse, onLine: () => {} }),
        );
        if (summary.exitCode !== 0) {
          ctx.err('dbt docs generate failed; run `opslake build` first — the catalog reads the built tables');
          return EXIT.data;
        }
        const site = join(ws.dbtTarget, 'static_index.html');
        if (ctx.json) ctx.out(JSON.stringify({ site }));
        else ctx.out(`docs site: ${site}`);
        return EXIT.ok;
      }),
    );
}
