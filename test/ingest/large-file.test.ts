/**
 * Bounded memory on a 2 GB-class file: 16.5M rows of shipments CSV (≈2.1 GB), generated as a stream
 * inside a child process (never stored), ingested into a local lake, and the child's peak RSS read
 * from /proc. The bound checked is that peak memory does not grow with the file (2.1 GB vs 100k
 * rows, ≈13 MB), plus an absolute ceiling. About three minutes on two cores: the one slow test,
 * kept at the size the ingest issue names because memory growth that is small per row only shows
 * at this scale.
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
  bytes: number;
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
  const LARGE = 16_500_000;
  it(`${LARGE.toLocaleString('en')} rows (≈2.1 GB CSV, generated, not stored): every row accounted for, peak RSS flat vs 100k rows`, {
    timeout: 1_200_000,
  }, async () => {
    const small = await ingestGenerated(100_000);
    const large = await ingestGenerated(LARGE);
    for (const [{ audit }, rows] of [
      [small, 100_000],
      [large, LARGE],
    ] as const) {
      expect(audit.rows_in).toBe(rows);
      expect(audit.rows_rejected).toBe(rows / 1000);
      expect(audit.rows_valid).toBe(rows - rows / 1000);
      expect(audit.outcome).toBe('partial');
      expect(audit.first_rejection).toMatchObject({ row: 1001, column: 'units', value: 'many' });
    }
    expect(large.audit.bytes).toBeGreaterThan(2e9);
    console.info(
      `peak RSS: 100k rows ${Math.round(small.peakRssMiB)} MiB, ${LARGE.toLocaleString('en')} rows (${(large.audit.bytes / 1e9).toFixed(2)} GB) ${Math.round(large.peakRssMiB)} MiB`,
    );
    // 165 times the input, not 165 times the memory: a generous margin for V8's heap sizing.
    expect(large.peakRssMiB).toBeLessThan(small.peakRssMiB + 150);
    expect(large.peakRssMiB).toBeLessThan(600);
  });
});
