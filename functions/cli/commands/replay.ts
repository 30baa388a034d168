import type { Command } from 'commander';
import type { ReplayedFile } from '../../local/replay.js';
import { EXIT } from '../exit-codes.js';
import { type CommandContext, example, handler } from '../program.js';

interface ReplayOptions {
  reason?: string;
  feed?: string;
  all?: boolean;
  landing?: string;
  dryRun?: boolean;
  quiet?: boolean;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'ingest again landed files whose rows were quarantined (or that were rejected whole), once what rejected them is fixed — a site master that arrived late',
    )
    .argument('[files...]', 'landing keys (<system>/<feed>/<file>) or paths of landed files')
    .option('--reason <rule>', 'the files with rows quarantined for this rule (or rejected whole by it)')
    .option('--feed <feed>', 'only files of this feed (<system>/<feed>)')
    .option('--all', 'every file that has rows in quarantine')
    .option('--landing <dir>', "where the files were landed (default: the workspace's landing/)")
    .option('--dry-run', 'list what would be replayed and whether its landing file is still there; change nothing')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      `${example(
        'opslake replay --dry-run',
        'opslake replay --reason timezone_known --landing ./landing',
        'opslake replay tms/shipments/S2_2026-01-05.csv --landing ./landing',
        'opslake replay --all --feed wms/picks --json',
      )}
A replay re-runs the ingest of the same landing file: the version that stood is replaced (its
quarantined rows go with it) and the attempt is audited \`replayed\`, naming the attempt it re-ran.
A file whose rows still fail the same way publishes nothing (\`duplicate\`); one still rejected
whole stays in quarantine. A landing file that changed since is a new delivery: \`opslake ingest\` it.
Exit 1 when a file is still rejected whole, could not be replayed (gone from or changed in the
landing directory) or its attempt failed.`,
    )
    .action(
      handler<ReplayOptions>(async (ctx) => {
        const { usageError } = await import('../../local/errors.js');
        const { replayCandidates, replayFiles, replayRun, selectCandidates } = await import('../../local/replay.js');
        const { LocalDirectoryStore } = await import('../../core/storage/local-directory.js');
        const { requireWorkspace } = await import('../../local/workspace.js');
        const { progress } = await import('../output.js');
        const files = ctx.args[0] as string[];
        const { reason, feed, all } = ctx.options;
        const dryRun = Boolean(ctx.options.dryRun);
        if (all && files.length > 0) throw usageError('give files or --all, not both');
        if (!all && files.length === 0 && reason === undefined && !dryRun) {
          throw usageError(
            'say what to replay: files, --reason <rule> or --all; `opslake replay --dry-run` lists what can be replayed',
          );
        }
        const ws = await ctx.workspace();
        requireWorkspace(ws);
        const { keys, root } = await replayFiles(files, ctx.options.landing, ws.buckets.landing.root, dryRun);
        const chosen = selectCandidates(await replayCandidates(ws.buckets), {
          ...(files.length > 0 ? { keys } : {}),
          ...(reason !== undefined ? { rule: reason } : {}),
          ...(feed !== undefined ? { feed } : {}),
        });
        const shown = progress('replay', ctx.options.quiet || dryRun);
        const replayed = await replayRun(ws, new LocalDirectoryStore(root), chosen, {
          dryRun,
          onFile: (done, total, key) => shown.update(done, total, key),
        });
        shown.end();
        await showReplayed(ctx, replayed, root, dryRun);
        const failed = replayed.some(
          (f) => f.failure || f.result?.outcome === 'rejected' || (!dryRun && f.landing !== 'ready'),
        );
        return failed ? EXIT.data : EXIT.ok;
      }),
    );
}

/** The replayed files as JSON, or as a table with a one-line summary. */
async function showReplayed(
  ctx: CommandContext<ReplayOptions>,
  replayed: readonly ReplayedFile[],
  root: string,
  dryRun: boolean,
): Promise<void> {
  const { replayVerdict, rulesText } = await import('../../local/replay.js');
  const { formatTable } = await import('../table.js');
  if (ctx.json) {
    ctx.out(
      JSON.stringify(
        replayed.map((f) => ({ ...f, verdict: replayVerdict(f) })),
        null,
        2,
      ),
    );
  } else {
    const table = formatTable(
      ['file', 'was', 'rows in', 'quarantined', 'rules', dryRun ? 'landing' : 'now'],
      replayed.map((f) => [
        f.candidate.key,
        f.candidate.outcome,
        f.candidate.rowsIn,
        f.candidate.rowsQuarantined,
        rulesText(f.candidate.rules),
        dryRun ? f.landing : replayVerdict(f),
      ]),
    );
    const ready = replayed.filter((f) => f.landing === 'ready').length;
    const summary = dryRun
      ? `${ready} of ${replayed.length} file(s) would be replayed from ${root}; nothing was changed`
      : `${replayed.filter((f) => f.result).length} of ${replayed.length} file(s) replayed from ${root}`;
    ctx.out(replayed.length > 0 ? `${table}\n\n${summary}` : 'nothing to replay: no file has rows in quarantine');
  }
}
