import type { Command } from 'commander';
import type { WorkspaceStatus } from '../../local/workspace-status.js';
import { EXIT } from '../exit-codes.js';
import { example, handler } from '../program.js';

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ') || 'none';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function ageOf(iso: string | null, now: Date): string {
  if (!iso) return '';
  const hours = (now.getTime() - Date.parse(iso)) / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(0)} d`;
}

async function render(status: WorkspaceStatus, now: Date): Promise<string> {
  const { formatTable } = await import('../table.js');
  const lines = [`workspace ${status.home}`];
  const build = status.lastBuild;
  if (status.buildRunning) {
    lines.push(`build running now (process ${status.buildRunning.pid}, started ${status.buildRunning.startedAt})`);
  }
  if (build) {
    lines.push(
      `last build ${minute(build.generatedAt)}, ${build.elapsedSeconds.toFixed(0)} s: models ${counts(build.models)}; tests ${counts(build.tests)}`,
    );
    for (const p of build.problems.slice(0, 10)) lines.push(`  ${p.status}: ${p.id}`);
    if (build.problems.length > 10) lines.push(`  … and ${build.problems.length - 10} more (opslake build lists them)`);
  } else if (!status.buildRunning) lines.push('no build yet: run `opslake build`');
  if (status.warehouse) {
    lines.push(`warehouse ${status.warehouse.path}, ${(status.warehouse.bytes / 2 ** 20).toFixed(1)} MiB`);
  }
  const rows = status.feeds.map((f) => [
    f.feed,
    f.cadence,
    f.lastIngest ? minute(f.lastIngest) : 'never',
    ageOf(f.lastIngest, now),
    f.freshness,
    f.attempts,
    f.filesRejected,
    f.rowsValid,
    f.rowsQuarantined,
  ]);
  const headers = ['feed', 'cadence', 'last ingest', 'age', 'freshness', 'files', 'rejected', 'rows', 'quarantined'];
  lines.push('', formatTable(headers, rows, [3]));
  const quarantined = status.feeds.filter((f) => f.rowsQuarantined > 0);
  const total = quarantined.reduce((n, f) => n + f.rowsQuarantined, 0);
  lines.push(
    '',
    `quarantined rows: ${total}${quarantined.length > 0 ? ` in ${quarantined.length} feed(s)` : ''}` +
      (status.unknownFeedAttempts > 0 ? `; ${status.unknownFeedAttempts} file(s) of no known feed` : ''),
  );
  return lines.join('\n');
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'what the workspace holds: each feed with its last ingest, freshness and quarantined rows, the last build and its test results',
    )
    .addHelpText('after', example('opslake status', 'opslake status --json --home /tmp/opslake-demo'))
    .action(
      handler(async (ctx) => {
        const { requireWorkspace } = await import('../../local/workspace.js');
        const { workspaceStatus } = await import('../../local/workspace-status.js');
        const ws = await ctx.workspace();
        requireWorkspace(ws);
        const now = new Date();
        const status = await workspaceStatus(ws, now);
        ctx.out(ctx.json ? JSON.stringify(status, null, 2) : await render(status, now));
        return EXIT.ok;
      }),
    );
}
