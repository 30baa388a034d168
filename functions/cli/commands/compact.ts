import type { Command } from 'commander';
import type { AuditCompaction } from '../../core/audit-compaction.js';
import type { LakeCompaction } from '../../core/partition-compaction.js';
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

/** Skipped outputs listed one per line at most this many times; the rest are counted. */
const SKIPPED_SHOWN = 10;

export function lakeCompactionLines(report: LakeCompaction): string[] {
  const compacted = report.partitions.filter((p) => p.outcome === 'compacted');
  const verb = report.dryRun ? 'would compact' : 'compacted';
  const lines = [
    compacted.length === 0
      ? `lake: nothing to compact (${report.filesBefore} data file(s))`
      : `lake: ${verb} ${compacted.length} partition(s): ${report.filesBefore} data file(s) → ${report.filesAfter}`,
  ];
  const busy = report.partitions.filter((p) => p.outcome !== 'compacted');
  if (busy.length > 0) {
    lines.push(`  ${busy.length} partition(s) left for the next run: a round or a source was in flight`);
  }
  for (const s of report.skipped.slice(0, SKIPPED_SHOWN)) lines.push(`  left as it is: ${s.key}: ${s.why}`);
  if (report.skipped.length > SKIPPED_SHOWN)
    lines.push(`  … and ${report.skipped.length - SKIPPED_SHOWN} more left as they are`);
  return lines;
}

/** Both compactions, the audit log's and the data's, as `opslake compact` and the demo run them. */
export async function compactWorkspace(
  lake: import('../../core/storage/port.js').ObjectStore,
  dryRun = false,
): Promise<{ audit: AuditCompaction; lake: LakeCompaction; lines: string[] }> {
  const { compactAudit } = await import('../../core/audit-compaction.js');
  const { compactLake } = await import('../../core/partition-compaction.js');
  const data = await compactLake(lake, { dryRun });
  const audit = await compactAudit(lake, { dryRun });
  return { audit, lake: data, lines: [...lakeCompactionLines(data), ...compactionLines(audit)] };
}

export function registerCompact(program: Command): void {
  program
    .command('compact')
    .description(
      "merge each lake partition's small data files into one, and the audit log's files (one per ingested file) into one per day, so dbt, Athena, status and the data-quality page open a file per partition, not one per delivery",
    )
    .option('--dry-run', 'report what would be compacted; change nothing')
    .addHelpText(
      'after',
      `${example('opslake compact --dry-run', 'opslake compact', 'opslake compact --json')}
Safe to interrupt and to re-run: a row or record is never lost, and once the run is over never
counted twice (docs/ingest.md, "Compacting the lake"). A correction or re-delivery after
compaction still replaces exactly its file's rows. Only opslake's own files are merged and
deleted; it holds the build lock meanwhile, so no build reads the lake half-way.`,
    )
    .action(
      handler<{ dryRun?: boolean }>(async (ctx) => {
        const ws = await ctx.workspace();
        const { acquireBuildLock } = await import('../../local/build-lock.js');
        const { requireOwnWorkspace } = await import('../../local/workspace.js');
        const dryRun = Boolean(ctx.options.dryRun);
        requireOwnWorkspace(ws, dryRun, 'compact changes nothing');
        const lock = dryRun ? null : await acquireBuildLock(ws.home);
        try {
          const { lines, ...report } = await compactWorkspace(ws.buckets.lake, dryRun);
          ctx.out(ctx.json ? JSON.stringify(report, null, 2) : lines.join('\n'));
          return EXIT.ok;
        } finally {
          await lock?.release();
        }
      }),
    );
}
