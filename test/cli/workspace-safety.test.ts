/**
 * opslake never deletes what it did not create: `demo` checks every argument before touching its
 * --home, and empties only a directory carrying the workspace marker (or an empty one).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireBuildLock } from '../../functions/local/build-lock.js';
import { homeState, resetWorkspace, WORKSPACE_MARKER, workspace } from '../../functions/local/workspace.js';
import { runOpslake } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'opslake-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding a user's file, as `--home precious` did in the issue. */
function precious(name: string): { dir: string; file: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  const file = join(dir, 'thesis.txt');
  writeFileSync(file, 'years of work');
  return { dir, file };
}

describe('demo keeps what opslake did not make', () => {
  it('a bad argument leaves the --home and its file untouched', () => {
    const { dir, file } = precious('bad-argument');
    for (const args of [
      ['--sites', '0'],
      ['--days', '0'],
      ['--seed', 'x'],
    ]) {
      const run = runOpslake(dir, 'demo', ...args);
      expect(run.code, run.stderr).toBe(2);
      expect(readFileSync(file, 'utf8')).toBe('years of work');
      expect(readdirSync(dir)).toEqual(['thesis.txt']);
    }
  });

  it('refuses a directory without the workspace marker and says why', () => {
    const { dir, file } = precious('not-a-workspace');
    const run = runOpslake(dir, 'demo', '--sites', '1', '--days', '1');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir} is not an opslake workspace (no ${WORKSPACE_MARKER} file)`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe('years of work');
    expect(readdirSync(dir)).toEqual(['thesis.txt']);
  });

  it('a failed ingest argument creates no workspace', () => {
    const home = join(root, 'never-made');
    const run = runOpslake(home, 'ingest', join(root, 'no/such/file.csv'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no\/such\/file\.csv does not exist/);
    expect(existsSync(home)).toBe(false);
  });
});

describe('resetWorkspace', () => {
  it('empties a marked workspace and marks it again', async () => {
    const ws = workspace(join(root, 'marked'));
    await resetWorkspace(ws);
    expect(homeState(ws.home)).toBe('workspace');
    mkdirSync(join(ws.home, 'lake/raw'), { recursive: true });
    writeFileSync(join(ws.home, 'lake/raw/x.parquet'), 'x');
    await resetWorkspace(ws);
    expect(readdirSync(ws.home)).toEqual([WORKSPACE_MARKER]);
    expect(JSON.parse(readFileSync(join(ws.home, WORKSPACE_MARKER), 'utf8'))).toMatchObject({ opslake_workspace: 1 });
  });

  it('creates a missing or empty home', async () => {
    for (const name of ['missing', 'empty']) {
      const ws = workspace(join(root, name));
      if (name === 'empty') mkdirSync(ws.home);
      expect(homeState(ws.home)).toBe(name === 'empty' ? 'empty' : 'absent');
      await resetWorkspace(ws);
      expect(readdirSync(ws.home)).toEqual([WORKSPACE_MARKER]);
    }
  });

  it('refuses a workspace while a build runs in it', async () => {
    const ws = workspace(join(root, 'building'));
    await resetWorkspace(ws);
    writeFileSync(join(ws.home, 'lake.txt'), 'in use');
    const lock = await acquireBuildLock(ws.home);
    try {
      await expect(resetWorkspace(ws)).rejects.toThrow(
        new RegExp(`^a build is running in ${ws.home} \\(process ${process.pid}\\), so it is not emptied`),
      );
      expect(readFileSync(join(ws.home, 'lake.txt'), 'utf8')).toBe('in use');
    } finally {
      await lock.release();
    }
  });

  it('refuses an unmarked directory before removing anything', async () => {
    const { dir, file } = precious('unmarked');
    await expect(resetWorkspace(workspace(dir))).rejects.toThrow(/is not an opslake workspace/);
    expect(readFileSync(file, 'utf8')).toBe('years of work');
  });
});

describe('ingest without a path', () => {
  it('says what --all would ingest and ingests nothing', () => {
    const home = join(root, 'with-landing');
    const feed = join(home, 'landing/tms/shipments');
    mkdirSync(feed, { recursive: true });
    writeFileSync(join(feed, 'S1_2026-01-05.csv'), 'shipment_id\n');
    const run = runOpslake(home, 'ingest');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('`opslake ingest --all` would ingest 1 file(s) of 1 feed(s)');
    expect(existsSync(join(home, 'lake'))).toBe(false);
  });
});
