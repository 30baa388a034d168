import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the lake against the ingest ledger and repair it: roll back publishes a dead run left half-done, finish settling ones, remove files no ledger entry owns',
    )
    .option('--dry-run', 'report what would be repaired; change nothing')
    .addHelpText(
      'after',
      `${example('opslake doctor --dry-run', 'opslake doctor', 'opslake doctor --json')}
Only opslake's own files are candidates (lake raw/ outputs, quarantine rows/ parts, _staging/);
an attempt still running is left to finish. \`opslake ingest\` runs doctor first by itself.
Exit 0 when the lake was (or now is) consistent; 1 with --dry-run when something needs repair.`,
    )
    .action(
      handler<{ dryRun?: boolean }>(async (ctx) => {
        const ws = await ctx.workspace();
        const { auditWriter } = await import('../../core/audit.js');
        const { doctor } = await import('../../core/doctor.js');
        const { doctorLine } = await import('../../local/ingest-run.js');
        const { requireOwnWorkspace } = await import('../../local/workspace.js');
        const dryRun = Boolean(ctx.options.dryRun);
        requireOwnWorkspace(ws, dryRun, 'doctor removes nothing');
        const report = await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake), dryRun });
        if (ctx.json) ctx.out(JSON.stringify(report, null, 2));
        else {
          const lines = [
            `${report.entries} ledger entr${report.entries === 1 ? 'y' : 'ies'} checked`,
            doctorLine(report) || 'nothing to repair: every visible file is owned by a ledger entry',
            ...report.recovered.map(
              (r) =>
                `  ${r.action.replace('_', ' ')}: ${r.key} (attempt ${r.ingestId}, ${r.filesDeleted} file(s) removed)`,
            ),
            ...report.busy.map((key) => `  in progress, left alone: ${key}`),
            ...[...report.orphans, ...report.staging].map(
              (o) => `  ${dryRun ? 'would remove' : 'removed'} ${o.store}: ${o.key}`,
            ),
          ];
          ctx.out(lines.join('\n'));
        }
        const needsRepair = report.orphans.length + report.staging.length > 0;
        return dryRun && needsRepair ? EXIT.data : EXIT.ok;
      }),
    );
}
