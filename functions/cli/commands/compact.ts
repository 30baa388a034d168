import type { Command } from 'commander';
import type { AuditCompaction } from '../../core/audit-compaction.js';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

export function compactionLines(report: AuditCompaction): string[] {
  const changed = report.days.filter((d) => d.target);
  const before = report.days.reduce((n, d) => n + d.filesBefore, 0);
  const after = report.days.reduce((n, d) => n + d.filesAfter, 0);
  const verb = report.dryRun ? 'would compact' : 'compacted';
  const lines = [
    changed.length === 0
      ? `audit log: nothing to compact (${before} file(s) in ${report.days.length} day(s))`
      : `audit log: ${verb} ${changed.length} day(s): ${before} file(s) → ${after} file(s), ` +
        `${report.days.reduce((n, d) => n + d.records, 0)} record(s)`,
  ];
  for (const s of report.skipped) lines.push(`  left alone (not opslake's audit file): ${s.key}: ${s.why}`);
  return lines;
}

export function registerCompact(program: Command): void {
  program
    .command('compact')
    .description(
      "merge the lake's small audit files (one per ingested file) into one file per day, so status, the data-quality page and dbt read a file per day, not one per attempt",
    )
    .option('--dry-run', 'report what would be compacted; change nothing')
    .addHelpText(
      'after',
      `${example('opslake compact --dry-run', 'opslake compact', 'opslake compact --json')}
Safe to interrupt and to re-run: a record is never lost or counted twice (docs/ingest.md,
"Compacting the audit log"). Only opslake's own audit files are merged and deleted; it holds the
build lock meanwhile, so no build reads the log half-way.`,
    )
    .action(
      handler<{ dryRun?: boolean }>(async (ctx) => {
        const ws = await ctx.workspace();
        const { compactAudit } = await import('../../core/audit-compaction.js');
        const { acquireBuildLock } = await import('../../local/build-lock.js');
        const { requireOwnWorkspace } = await import('../../local/workspace.js');
        const dryRun = Boolean(ctx.options.dryRun);
        requireOwnWorkspace(ws, dryRun, 'compact changes nothing');
        const lock = dryRun ? null : await acquireBuildLock(ws.home);
        try {
          const report = await compactAudit(ws.buckets.lake, { dryRun });
          ctx.out(ctx.json ? JSON.stringify(report, null, 2) : compactionLines(report).join('\n'));
          return EXIT.ok;
        } finally {
          await lock?.release();
        }
      }),
    );
}
