/**
 * Shared by the data-product fixture tests (test/products/<product>/): ingest a hand-made landing
 * directory into a throw-away workspace, build only the product's models and what they read, and
 * compare a table with rows worked out by hand — every row, every column, none missing or extra.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../../functions/local/workspace.js';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface ProductWorkspace {
  readonly home: string;
  sql<T = Row>(query: string): T[];
  dispose(): void;
}

function opslake(home: string, args: readonly string[]) {
  const run = spawnSync(process.execPath, [join(repoRoot, 'functions/cli/opslake.mjs'), ...args, '--home', home], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Tests of the selected models only: dbt's default ("eager") would also run tests of models
    // outside the selection that merely read one of them, against tables this build never made.
    env: { ...process.env, DBT_INDIRECT_SELECTION: 'cautious' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Ingests `landing` (every file must load clean) and builds `select` (dbt selectors), with dbt `vars`. */
export function buildProduct(
  landing: string,
  select: readonly string[],
  options: { vars?: Record<string, unknown> } = {},
): ProductWorkspace {
  const home = mkdtempSync(join(tmpdir(), 'opslake-product-'));
  const ingest = opslake(home, ['ingest', landing, '--json']);
  expect(ingest.code, ingest.stderr).toBe(0);
  const results = JSON.parse(ingest.stdout) as { source_key: string; outcome: string; rows_rejected: number }[];
  expect(
    results.filter((r) => r.outcome !== 'loaded' || r.rows_rejected > 0),
    'the fixture must ingest clean',
  ).toEqual([]);
  const vars = options.vars ? ['--vars', JSON.stringify(options.vars)] : [];
  const build = opslake(home, ['build', '--quiet', ...vars, '--select', ...select]);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  expect(build.stdout + build.stderr, 'no failing or warning test').not.toMatch(/^\s+(warn|fail|error): /m);
  return {
    home,
    sql<T>(query: string): T[] {
      const run = opslake(home, ['sql', query, '--json']);
      if (run.code !== 0) throw new Error(run.stderr);
      return JSON.parse(run.stdout) as T[];
    },
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A ratio worked out by hand (3 / 7) and the warehouse's double may differ in the last bit only. */
const same = (got: Cell | undefined, want: Cell): boolean =>
  typeof got === 'number' && typeof want === 'number'
    ? Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want))
    : got === want;

/**
 * `actual` must hold exactly the `expected` rows, matched by `key` columns: no row missing, none
 * extra, every column of each expected row equal (the expected rows name every column checked).
 */
export function expectRows(actual: readonly Row[], expected: readonly Row[], key: readonly string[]): void {
  const keyOf = (row: Row) => key.map((k) => String(row[k])).join(' | ');
  expect(actual.map(keyOf).sort(), 'row keys').toEqual(expected.map(keyOf).sort());
  const byKey = new Map(actual.map((row) => [keyOf(row), row]));
  for (const want of expected) {
    const got = byKey.get(keyOf(want)) ?? {};
    const wrong = Object.keys(want).filter((column) => !same(got[column], want[column] as Cell));
    expect(
      wrong.map((column) => `${column}: got ${JSON.stringify(got[column])}, want ${JSON.stringify(want[column])}`),
      keyOf(want),
    ).toEqual([]);
  }
  const columns = new Set(Object.keys(actual[0] ?? {}));
  for (const want of expected) for (const column of Object.keys(want)) expect(columns.has(column), column).toBe(true);
}
