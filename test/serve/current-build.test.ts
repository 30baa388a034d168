/**
 * The dashboard follows `opslake build`'s swap: a new warehouse file renamed over the old one is
 * opened on the next request, the old engine closed; an unchanged file is not reopened.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { type QueryEngine, queryObjects } from '../../functions/query/engine.js';
import { CurrentBuild } from '../../functions/serve/current-build.js';

const dir = mkdtempSync(join(tmpdir(), 'opslake-current-build-'));
const warehouse = join(dir, 'warehouse.duckdb');

async function writeBuild(name: string, build: number): Promise<string> {
  const path = join(dir, name);
  const engine = await DuckDBEngine.open(path, { writable: true });
  await queryObjects(engine, `create table build as select ${build} as number`);
  await engine.close();
  return path;
}

const buildNumber = async (engine: QueryEngine) =>
  Number((await queryObjects<{ number: number }>(engine, 'select number from build'))[0]?.number);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CurrentBuild', () => {
  it('reads the build renamed into place, and only reopens when the file changed', async () => {
    renameSync(await writeBuild('one.duckdb', 1), warehouse);
    const opened: string[] = [];
    const current = await CurrentBuild.open(
      warehouse,
      (path) => {
        opened.push(path);
        return DuckDBEngine.open(path);
      },
      buildNumber,
    );
    try {
      const first = await current.current();
      expect(first.state).toBe(1);
      expect((await current.current()).engine).toBe(first.engine);
      expect(opened).toHaveLength(1);

      // What `opslake build` does when dbt has finished: the copy replaces the file by rename.
      renameSync(await writeBuild('building.duckdb', 2), warehouse);
      const second = await current.current();
      expect(second.state).toBe(2);
      expect(await buildNumber(second.engine)).toBe(2);
      expect(opened).toHaveLength(2);
      // The old build's engine is closed, not leaked.
      await expect(buildNumber(first.engine)).rejects.toThrow();

      // A moment without the file (between two renames) keeps the open build.
      renameSync(warehouse, join(dir, 'aside.duckdb'));
      expect((await current.current()).state).toBe(2);
      expect(opened).toHaveLength(2);
    } finally {
      await current.close();
    }
  });

  it('keeps the last good build when the new file cannot be read', async () => {
    renameSync(await writeBuild('good.duckdb', 3), warehouse);
    const current = await CurrentBuild.open(warehouse, (path) => DuckDBEngine.open(path), buildNumber);
    try {
      const empty = await DuckDBEngine.open(join(dir, 'empty.duckdb'), { writable: true });
      await empty.close();
      renameSync(join(dir, 'empty.duckdb'), warehouse);
      // The last good build goes on answering, and the bad file is not reopened on every request.
      const errors: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((message: string) => {
        errors.push(message);
      });
      expect((await current.current()).state).toBe(3);
      expect((await current.current()).state).toBe(3);
      spy.mockRestore();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/cannot be read, still showing the last one: .*build/);
    } finally {
      await current.close();
    }
  });
});
