/**
 * A build never writes the warehouse readers have open. It copies `warehouse.duckdb` to
 * `warehouse.building.duckdb`, dbt builds into the copy (incremental models and a `--select`
 * build start from the last build's tables), and when dbt has finished the copy is checkpointed
 * and renamed over `warehouse.duckdb` in one step. Readers (`opslake sql`, `serve`, `export`) open
 * the file READ_ONLY: those already open keep reading the old file until they close it, the next
 * one opens the new build. A build that crashes or is interrupted leaves the old file untouched.
 *
 * POSIX rename semantics: DuckDB's read-only lock is an advisory lock on the open file, which
 * does not stop the file's name from being replaced.
 */
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DuckDBInstance as Instance } from '@duckdb/node-api';
import { explainEngineError } from './errors.js';
import type { Workspace } from './workspace.js';

export const BUILDING_FILE = 'warehouse.building.duckdb';

export const buildingPath = (ws: Workspace): string => join(ws.home, BUILDING_FILE);

const wal = (path: string) => `${path}.wal`;

/**
 * Throws "the warehouse is in use" when another program holds `path` open for writing (a DuckDB
 * shell, a notebook): a copy of it could be torn, and its writes would be lost by the swap.
 */
export async function assertNoWriter(path: string): Promise<void> {
  if (!existsSync(path)) return;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: Instance;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch (error) {
    throw explainEngineError(error);
  }
  instance.closeSync();
}

/** Starts a build's copy from the current warehouse (or from nothing on a first build). */
export async function prepareBuildingCopy(ws: Workspace): Promise<string> {
  const building = buildingPath(ws);
  await discardBuildingCopy(ws);
  await assertNoWriter(ws.warehouse);
  if (existsSync(ws.warehouse)) {
    // A clone where the file system can (btrfs, XFS, APFS): no bytes copied.
    await copyFile(ws.warehouse, building, constants.COPYFILE_FICLONE);
    // A write-ahead log no writer holds (a crashed session's) belongs with its file.
    if (existsSync(wal(ws.warehouse))) await copyFile(wal(ws.warehouse), wal(building));
  }
  return building;
}

/** Folds the copy's log into it and puts it in the warehouse's place. */
export async function publishBuildingCopy(ws: Workspace): Promise<void> {
  const building = buildingPath(ws);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(building);
  const connection = await instance.connect();
  // Readers open the file alone: everything dbt wrote must be in it, not in a .wal beside it.
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
  await assertNoWriter(ws.warehouse);
  // The old file's log (folded into the copy above) would be replayed onto the new file.
  await rm(wal(ws.warehouse), { force: true });
  await rename(building, ws.warehouse);
}

export async function discardBuildingCopy(ws: Workspace): Promise<void> {
  const building = buildingPath(ws);
  await rm(building, { force: true });
  await rm(wal(building), { force: true });
}

/**
 * Runs `use` on a private copy of the warehouse, deleted afterwards: for dbt commands that only
 * read it (`docs generate`) but open it for writing, which would lock readers out (and be locked
 * out by them).
 */
export async function withWarehouseCopy<T>(ws: Workspace, use: (path: string) => Promise<T>): Promise<T> {
  await assertNoWriter(ws.warehouse);
  // The same file name in a directory of its own: DuckDB names the database after the file, and
  // dbt's manifest refers to it by that name.
  const dir = join(ws.home, `.warehouse-copy-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const copy = join(dir, basename(ws.warehouse));
  try {
    await copyFile(ws.warehouse, copy, constants.COPYFILE_FICLONE);
    return await use(copy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
