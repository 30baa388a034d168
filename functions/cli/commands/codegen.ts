import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

export function registerCodegen(program: Command): void {
  program
    .command('codegen')
    .description('write (or check) the files generated from the contracts: dbt sources, data dictionary, …')
    .option('--check', 'write nothing; list stale files and exit 1 if any')
    .addHelpText('after', example('opslake codegen', 'opslake codegen --check'))
    .action(
      handler<{ check?: boolean }>(async (ctx) => {
        const { mkdir, readFile, writeFile } = await import('node:fs/promises');
        const { dirname, join } = await import('node:path');
        const { generatedFiles } = await import('../../../schemas/codegen/index.js');
        const { repoRoot } = await import('../../local/workspace.js');
        let stale = 0;
        for (const file of generatedFiles()) {
          const path = join(repoRoot, file.path);
          const current = await readFile(path, 'utf8').catch(() => undefined);
          if (current === file.content) continue;
          if (ctx.options.check) {
            ctx.err(`stale: ${file.path}`);
            stale++;
          } else {
            await mkdir(dirname(path), { recursive: true });
            await writeFile(path, file.content);
            ctx.out(`wrote ${file.path}`);
          }
        }
        if (stale > 0) ctx.err('run `opslake codegen` to regenerate');
        return stale > 0 ? EXIT.data : EXIT.ok;
      }),
    );
}
