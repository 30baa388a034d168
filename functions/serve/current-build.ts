/**
 * The build the dashboard reads. `opslake build` writes a copy of the warehouse and renames it over
 * `warehouse.duckdb` when dbt has finished (functions/local/warehouse-swap.ts); an engine opened
 * before keeps reading the old file. So before a request the file's identity (inode, size, mtime)
 * is compared with the one the engine was opened on, and on a change the new build is opened, what
 * the page needs from it is loaded, and the old engine is closed — a running dashboard shows each
 * new build without a restart, and never a half-built one.
 */
import { statSync } from 'node:fs';
import type { QueryEngine } from '../query/engine.js';

/** What is read once per build: the engine and anything derived from it (registry, sites…). */
export interface Opened<T> {
  readonly engine: QueryEngine;
  readonly state: T;
}

const identity = (path: string): string => {
  const s = statSync(path);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
};

export class CurrentBuild<T> {
  private constructor(
    private readonly path: string,
    private readonly open: (path: string) => Promise<QueryEngine>,
    private readonly load: (engine: QueryEngine) => Promise<T>,
    private opened: Opened<T>,
    private seen: string,
  ) {}

  static async open<T>(
    path: string,
    open: (path: string) => Promise<QueryEngine>,
    load: (engine: QueryEngine) => Promise<T>,
  ): Promise<CurrentBuild<T>> {
    const seen = identity(path);
    const engine = await open(path);
    try {
      return new CurrentBuild(path, open, load, { engine, state: await load(engine) }, seen);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  /**
   * The current build's engine and state. Call it where no statement of the old engine is running
   * (inside the dashboard's Serial turn): the old engine is closed here.
   */
  async current(): Promise<Opened<T>> {
    let now: string;
    try {
      now = identity(this.path);
    } catch {
      // Renamed away for an instant, or removed: keep serving what is open.
      return this.opened;
    }
    if (now === this.seen) return this.opened;
    // Whatever happens, this file is judged once: a build that cannot be read is not retried on
    // every request, and the last good one goes on answering.
    this.seen = now;
    let engine: QueryEngine | undefined;
    let state: T;
    try {
      engine = await this.open(this.path);
      state = await this.load(engine);
    } catch (error) {
      await engine?.close();
      console.error(
        `opslake serve: the new build in ${this.path} cannot be read, still showing the last one: ${(error as Error).message}`,
      );
      return this.opened;
    }
    const old = this.opened;
    this.opened = { engine, state };
    await old.engine.close();
    return this.opened;
  }

  /** The open engine as it is, without checking for a new build. */
  get latest(): Opened<T> {
    return this.opened;
  }

  async close(): Promise<void> {
    await this.opened.engine.close();
  }
}
