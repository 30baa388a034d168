/**
 * What a user can fix gets one line saying what to do, and the exit code of its kind (2 usage,
 * 3 environment): a missing workspace, a missing build, the warehouse held by a writer, dbt not
 * installed, a file outside any feed's directory. None of these needs a dbt run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../functions/cli/exit-codes.js';
import { WORKSPACE_MARKER } from '../../functions/local/workspace.js';
import { type CliRun, runOpslake, runOpslakeWithEnv } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'opslake-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A workspace opslake made, with nothing built in it. */
function emptyWorkspace(name: string): string {
  const home = join(root, name);
  mkdirSync(home);
  writeFileSync(join(home, WORKSPACE_MARKER), '{"opslake_workspace":1}\n');
  return home;
}

function expectOneLine(run: CliRun, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

describe('clear one-line errors', () => {
  it('no workspace', () => {
    const home = join(root, 'nowhere');
    for (const command of [['sql', 'select 1'], ['build'], ['status']]) {
      expectOneLine(
        runOpslake(home, ...command),
        EXIT.environment,
        /: no opslake workspace at .*nowhere: run `opslake demo`, or `opslake ingest <path>` then `opslake build`/,
      );
    }
    expect(existsSync(home)).toBe(false);
  });

  it('no build yet', () => {
    const home = emptyWorkspace('unbuilt');
    expectOneLine(runOpslake(home, 'sql', 'select 1'), EXIT.environment, /no warehouse in .* yet: run `opslake build`/);
  });

  it('the warehouse held open for writing by another program', async () => {
    const home = emptyWorkspace('held');
    const writer = await DuckDBInstance.create(join(home, 'warehouse.duckdb'));
    try {
      for (const command of [['sql', 'select 1'], ['build']]) {
        expectOneLine(
          runOpslake(home, ...command),
          EXIT.environment,
          /the warehouse .*warehouse\.duckdb is in use by another program .*that opened it for writing: close it .* and retry/,
        );
      }
    } finally {
      writer.closeSync();
    }
  });

  it('dbt not installed', () => {
    const home = emptyWorkspace('no-dbt');
    const venv = join(root, 'no-venv');
    expectOneLine(
      runOpslakeWithEnv({ OPSLAKE_VENV: venv }, home, 'build'),
      EXIT.environment,
      /^opslake build: dbt is not installed \(.*no-venv\/bin\/dbt is missing\): run `make deps`/,
    );
  });

  it('a file outside any feed directory, before anything is written', () => {
    const home = join(root, 'not-made');
    const file = join(root, 'downloads/export/orders.csv');
    mkdirSync(join(root, 'downloads/export'), { recursive: true });
    writeFileSync(file, 'order_id\nO1\n');
    expectOneLine(
      runOpslake(home, 'ingest', file),
      EXIT.usage,
      /orders\.csv is not in a feed directory \(read as "\w+\/export\/orders\.csv"\): opslake ingests files at <landing>\/<system>\/<feed>\/<file>/,
    );
    expectOneLine(
      runOpslake(home, 'ingest', join(root, 'downloads')),
      EXIT.usage,
      /no file under .* is in a feed directory/,
    );
    expect(existsSync(home)).toBe(false);
  });
});
