/**
 * The end-to-end spine through the real CLI: a tiny TMS shipments fixture → `opslake ingest` →
 * `opslake build` (dbt-duckdb, models + tests) → `opslake sql`, checked against on-time rates
 * worked out by hand below. A bad row must end in quarantine with a clear reason.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../functions/local/workspace.js';
import { runOpslake } from '../support/cli.js';

const fixture = join(repoRoot, 'test/fixtures/spine');
let home: string;

const opslake = (...args: string[]) => runOpslake(home, ...args);

interface IngestJson {
  source_key: string;
  outcome: string;
  rows_in: number;
  rows_valid: number;
  rows_rejected: number;
  rejections: { file: string; row: number; column: string | null; rule: string; message: string; value: string }[];
}

describe('spine: shipments CSV → lake → dbt → on-time delivery KPI', () => {
  let ingest: IngestJson[];

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'opslake-spine-'));
    const run = opslake('ingest', fixture, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    ingest = JSON.parse(run.stdout) as IngestJson[];
    const build = opslake('build', '--quiet');
    expect(build.code, build.stderr).toBe(0);
  });

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('accounts for every row: in = valid + rejected, per file', () => {
    const byKey = Object.fromEntries(ingest.map((r) => [r.source_key, r]));
    expect(byKey['tms/shipments/S1_2026-01-05.csv']).toMatchObject({
      outcome: 'partial',
      rows_in: 6,
      rows_valid: 5,
      rows_rejected: 1,
    });
    expect(byKey['tms/shipments/S2_2026-01-05.csv']).toMatchObject({ outcome: 'loaded', rows_in: 2, rows_valid: 2 });
    for (const r of ingest) expect(r.rows_in).toBe(r.rows_valid + r.rows_rejected);
  });

  it('quarantines the bad row with file, row, column, rule and raw value', () => {
    const rejections = ingest.flatMap((r) => r.rejections);
    expect(rejections).toEqual([
      expect.objectContaining({
        file: 'tms/shipments/S1_2026-01-05.csv',
        row: 6, // header is row 1, SH5 is the fifth data row
        column: 'freight_cost',
        rule: 'decimal_format',
        value: '12,50',
      }),
    ]);
    const quarantineDir = join(home, 'quarantine/rows/tms/shipments');
    const [file] = readdirSync(quarantineDir);
    const stored = readFileSync(join(quarantineDir, file ?? ''), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(stored).toEqual([expect.objectContaining({ row: 6, column: 'freight_cost', rule: 'decimal_format' })]);
  });

  it('the audit log is queryable through dbt and holds what the ingest reported', () => {
    const run = opslake(
      'sql',
      `select source_key, feed_id, outcome, rows_in, rows_valid, rows_rejected, output_files > 0 as published
       from stg_opslake__ingest_files order by source_key`,
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      [...ingest]
        .sort((a, b) => a.source_key.localeCompare(b.source_key))
        .map((r) => ({
          source_key: r.source_key,
          feed_id: 'tms/shipments',
          outcome: r.outcome,
          rows_in: r.rows_in,
          rows_valid: r.rows_valid,
          rows_rejected: r.rows_rejected,
          published: true,
        })),
    );
  });

  it('computes on_time_delivery_rate by site and delivery day, keeping numerator and denominator', () => {
    const run = opslake(
      'sql',
      `select site_id, cast(kpi_date as varchar) as day, numerator, denominator, kpi_value
       from kpi_on_time_delivery_daily order by site_id, day`,
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    // By hand, from the fixture (delivered shipments only; SH4 is in transit, SH5 was rejected):
    // S1 2026-01-06: SH1 12:00 ≤ 17:00 on time, SH2 18:30 > 17:00 late, SH3 17:00 = 17:00 on time → 2/3
    // S1 2026-01-07: SH6 11:00-05:00 = 16:00Z ≤ promised 17:00Z → 1/1
    // S2 2026-01-06: SH7 12:00:01 > 12:00 late, SH8 09:15 on time → 1/2
    expect(JSON.parse(run.stdout)).toEqual([
      { site_id: 'S1', day: '2026-01-06', numerator: 2, denominator: 3, kpi_value: 2 / 3 },
      { site_id: 'S1', day: '2026-01-07', numerator: 1, denominator: 1, kpi_value: 1 },
      { site_id: 'S2', day: '2026-01-06', numerator: 1, denominator: 2, kpi_value: 0.5 },
    ]);
  });

  it('re-delivering the same files changes nothing (no duplicate rows)', () => {
    const again = opslake('ingest', fixture, '--json');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as IngestJson[]).map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    const build = opslake('build', '--quiet');
    expect(build.code, build.stderr).toBe(0);
    const count = opslake('sql', 'select count(*) as n from fct_shipments', '--json');
    expect(JSON.parse(count.stdout)).toEqual([{ n: 7 }]);
  });
});

describe('opslake CLI', () => {
  it('prints help and exits 0 on --help', () => {
    const run = runOpslake(undefined, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: opslake <command>/);
  });

  it('exits non-zero with a clear message for an unknown command', () => {
    const run = runOpslake(undefined, 'frobnicate');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
