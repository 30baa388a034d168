/**
 * Bounded memory on a large file. The file is generated as a stream inside a child process (never
 * stored), ingested into a local lake, and the child's peak RSS read from /proc. Scaled down from
 * the 2 GB class so the suite stays quick on two cores: 1M rows ≈ 127 MB of CSV; the bound checked
 * is that peak memory does not grow with the file (1M rows vs 100k rows), plus an absolute ceiling.
 * The duplicate-key window is set to 50k keys so that its (deliberately linear, capped) growth does
 * not mask the streaming path; see duplicate-keys.ts for that trade-off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../functions/local/workspace.js';
import { runMeasured } from '../bench/peak-memory.js';

interface ChildAudit {
  rows_in: number;
  rows_valid: number;
  rows_rejected: number;
  outcome: string;
  output_files: number;
  first_rejection: { row: number; column: string; rule: string; value: string } | null;
}

async function ingestGenerated(rows: number): Promise<{ audit: ChildAudit; peakRssMiB: number }> {
  const home = await mkdtemp(join(tmpdir(), 'opslake-large-'));
  try {
    const run = await runMeasured(process.execPath, [
      '--import',
      'tsx',
      join(repoRoot, 'test/support/ingest-generated-child.ts'),
      home,
      String(rows),
      '1000',
      '50000',
    ]);
    expect(run.exitCode).toBe(0);
    return { audit: JSON.parse(run.stdout) as ChildAudit, peakRssMiB: run.peakRssMiB };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

describe('a large file streams through in bounded memory', () => {
  it('1M rows (≈127 MB CSV, generated, not stored): every row accounted for, peak RSS flat vs 100k rows', async () => {
    const small = await ingestGenerated(100_000);
    const large = await ingestGenerated(1_000_000);
    for (const [{ audit }, rows] of [
      [small, 100_000],
      [large, 1_000_000],
    ] as const) {
      expect(audit.rows_in).toBe(rows);
      expect(audit.rows_rejected).toBe(rows / 1000);
      expect(audit.rows_valid).toBe(rows - rows / 1000);
      expect(audit.outcome).toBe('partial');
      expect(audit.first_rejection).toMatchObject({ row: 1001, column: 'units', value: 'many' });
    }
    console.info(
      `peak RSS: 100k rows ${Math.round(small.peakRssMiB)} MiB, 1M rows ${Math.round(large.peakRssMiB)} MiB`,
    );
    // Ten times the input, not ten times the memory: a generous margin for V8's heap sizing.
    expect(large.peakRssMiB).toBeLessThan(small.peakRssMiB + 150);
    expect(large.peakRssMiB).toBeLessThan(600);
  });
});
