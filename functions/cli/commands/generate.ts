import { type Command, Option } from 'commander';
import { DEFAULT_SITE_COUNT } from '../../generator/sites.js';
import { EXIT } from '../exit-codes.js';
import { decimal, example, handler, integer } from '../program.js';

interface GenerateFlags {
  sites: number;
  days: number;
  scale: number;
  seed: number;
  start?: string;
  format: 'csv' | 'ndjson';
  defects?: boolean;
  out?: string;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write generated operations data for every feed into a landing directory')
    .option('--sites <n>', 'number of sites, 1–99', integer, DEFAULT_SITE_COUNT)
    .option('--days <n>', 'number of days, 1–3660', integer, 28)
    .option('--scale <x>', "volume profile: × the demo's orders per site and day (0.1–100)", decimal, 1)
    .option('--seed <n>', 'random seed: the same seed gives the same files', integer, 42)
    .option('--start <date>', 'first day, YYYY-MM-DD (default 2025-01-01)')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'ndjson']).default('csv'))
    .option('--defects', 'inject known defects; expected outcomes go to _manifest/ in the landing directory')
    .option('--out <dir>', "landing directory to write (default: the workspace's landing/)")
    .addHelpText('after', example('opslake generate --sites 2 --days 7 --out /tmp/landing'))
    .action(
      handler<GenerateFlags>(async (ctx) => {
        const { DEFAULT_START, generateOperations, validateGenerateOptions } = await import(
          '../../generator/operations.js'
        );
        const { usageError } = await import('../../local/errors.js');
        const o = ctx.options;
        const options = {
          sites: o.sites,
          days: o.days,
          scale: o.scale,
          seed: o.seed,
          start: o.start ?? DEFAULT_START,
          format: o.format,
        };
        try {
          validateGenerateOptions(options);
        } catch (error) {
          throw usageError((error as Error).message);
        }
        const { LocalDirectoryStore } = await import('../../core/storage/local-directory.js');
        const { injectDefects, MANIFEST_KEY } = await import('../../generator/defects.js');
        let landing: InstanceType<typeof LocalDirectoryStore>;
        if (o.out) landing = new LocalDirectoryStore(o.out);
        else {
          const ws = await ctx.workspace();
          const { claimWorkspace } = await import('../../local/workspace.js');
          await claimWorkspace(ws);
          landing = ws.buckets.landing;
        }
        const started = performance.now();
        const result = await generateOperations(landing, options);
        const defects = o.defects ? await injectDefects(landing, result.keys, { seed: options.seed }) : [];
        const seconds = (performance.now() - started) / 1000;
        if (ctx.json) ctx.out(JSON.stringify({ ...result, keys: undefined, defects: defects.length, seconds }));
        else
          ctx.out(
            `wrote ${result.files} file(s), ${result.rows} row(s), ${(result.bytes / 1e6).toFixed(1)} MB to ${landing.location} in ${seconds.toFixed(1)} s`,
          );
        if (defects.length > 0) ctx.out(`injected ${defects.length} defect(s); expected outcomes in ${MANIFEST_KEY}`);
        return EXIT.ok;
      }),
    );
}
