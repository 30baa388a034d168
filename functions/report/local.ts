/**
 * The report over the embedded default: the DuckDB warehouse, the local lake and quarantine
 * directories and the last build's run_results.json of one workspace.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from '../kpis/index.js';
import type { Workspace } from '../local/workspace.js';
import { DuckDBEngine } from '../query/duckdb-engine.js';
import { renderReport, writeReport } from './render.js';

export interface LocalReport {
  readonly month: string;
  readonly html: string;
  readonly pdf: string;
  readonly seconds: number;
}

export async function reportFromWorkspace(
  ws: Workspace,
  request: { month?: string; scope?: Scope; outDir?: string },
): Promise<LocalReport> {
  const started = performance.now();
  const engine = await DuckDBEngine.open(ws.warehouse);
  try {
    const runResults = await readFile(join(ws.home, 'dbt-target', 'run_results.json'), 'utf8').catch(() => null);
    const report = await renderReport(
      { engine, lake: ws.buckets.lake, quarantine: ws.buckets.quarantine, runResults },
      { ...(request.month ? { month: request.month } : {}), ...(request.scope ? { scope: request.scope } : {}) },
    );
    const paths = await writeReport(report, request.outDir ?? join(ws.home, 'reports'));
    return { month: report.month, ...paths, seconds: (performance.now() - started) / 1000 };
  } finally {
    await engine.close();
  }
}
