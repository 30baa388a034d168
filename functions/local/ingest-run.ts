/**
 * A local ingest run: resolves file and directory arguments to landing keys, ingests them (the
 * site master first, then a few files at a time) and reports what happened. The CLI's `ingest`
 * and `demo` share it; presentation (tables, progress lines) stays in the CLI.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type IngestResult, ingestFile } from '../core/ingest.js';
import { loadSiteTimezones } from '../core/site-timezones.js';
import { LocalDirectoryStore } from '../core/storage/local-directory.js';
import { usageError } from './errors.js';
import type { Workspace } from './workspace.js';

export interface LandingTarget {
  readonly store: LocalDirectoryStore;
  readonly key: string;
}

/** Lists the landing keys to ingest from file or directory arguments. */
export async function landingTargets(paths: readonly string[]): Promise<LandingTarget[]> {
  const targets: LandingTarget[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw usageError(`${path} does not exist: give a feed file or a landing directory`);
      throw error;
    });
    if (info.isDirectory()) {
      // A directory is a landing root: keys are `<system>/<feed>/<file>` below it.
      const store = new LocalDirectoryStore(path);
      for await (const object of store.list('')) {
        // The generator's defect manifest describes the feeds; it is not one.
        if (!object.key.startsWith('_manifest/')) targets.push({ store, key: object.key });
      }
    } else {
      // A single file is named by its last three path parts: <system>/<feed>/<file>.
      const feedDir = dirname(path);
      const root = dirname(dirname(feedDir));
      const key = path
        .slice(root.length + 1)
        .split(/[\\/]/)
        .join('/');
      targets.push({ store: new LocalDirectoryStore(root), key });
    }
  }
  return targets;
}

/** Files ingested at once by the CLI. Each is independent: keys, ledger and outputs are per file. */
const INGEST_CONCURRENCY = 3;

export interface IngestRunOptions {
  /** Called after each file with the count done so far, the total and the file's key. */
  readonly onFile?: (done: number, total: number, key: string) => void;
}

/** Ingests `found` (from landingTargets, resolved before the workspace is touched). */
export async function ingestAll(
  ws: Workspace,
  found: readonly LandingTarget[],
  options: IngestRunOptions = {},
): Promise<IngestResult[]> {
  // The site master goes first: zone-less local times in every other feed are read in its zones.
  // Then INGEST_CONCURRENCY files at a time: a small daily file spends about a third of its time
  // waiting on the file system, which another file's parsing can fill (1,103 files: 24 s → 19 s).
  const isSites = (key: string) => (key.startsWith('reference/sites/') ? 0 : 1);
  const targets = [...found].sort((a, b) => isSites(a.key) - isSites(b.key));
  const results: IngestResult[] = new Array(targets.length);
  let done = 0;
  const ingest = async (i: number, siteTimezones?: Map<string, string>) => {
    const target = targets[i] as LandingTarget;
    results[i] = await ingestFile({
      buckets: { ...ws.buckets, landing: target.store },
      key: target.key,
      ...(siteTimezones ? { siteTimezones } : {}),
    });
    done++;
    options.onFile?.(done, targets.length, target.key);
  };
  const sites = targets.filter((t) => isSites(t.key) === 0).length;
  for (let i = 0; i < sites; i++) await ingest(i);
  // Read once for the whole run, as the Lambda does per batch: the site master is in place now.
  const siteTimezones = await loadSiteTimezones(ws.buckets.lake);
  let next = sites;
  const worker = async () => {
    while (next < targets.length) await ingest(next++, siteTimezones);
  };
  await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, worker));
  return results;
}

/** Outcomes that are not a problem: the file is in the lake, or already was, or a newer one is. */
const FINE_OUTCOMES = new Set(['loaded', 'duplicate', 'superseded']);

/** Rejections listed per file in the report; the rest are in the quarantine. */
const REJECTIONS_SHOWN = 5;

export function ingestReport(results: readonly IngestResult[]): { text: string; failed: boolean } {
  const total = results.reduce(
    (acc, r) => ({ in: acc.in + r.rows_in, valid: acc.valid + r.rows_valid, rejected: acc.rejected + r.rows_rejected }),
    { in: 0, valid: 0, rejected: 0 },
  );
  const byOutcome = new Map<string, number>();
  for (const r of results) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
  const lines = [
    `${results.length} file(s): ${[...byOutcome].map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `rows: ${total.in} in = ${total.valid} valid + ${total.rejected} rejected`,
  ];
  for (const r of results.filter((r) => !FINE_OUTCOMES.has(r.outcome))) {
    lines.push(`  ${r.source_key}: ${r.outcome}${r.reason ? ` — ${r.reason}` : ''}`);
    for (const rej of r.rejections.slice(0, REJECTIONS_SHOWN)) {
      lines.push(`    row ${rej.row}${rej.column ? `, column ${rej.column}` : ''}: ${rej.rule} — ${rej.message}`);
    }
    if (r.rejections.length > REJECTIONS_SHOWN) {
      lines.push(`    … and ${r.rejections.length - REJECTIONS_SHOWN} more in quarantine`);
    }
  }
  return { text: lines.join('\n'), failed: results.some((r) => r.outcome === 'rejected') };
}

/** What `--all` would ingest, in words: file and feed counts under the workspace's landing/. */
export async function landingSummary(ws: Workspace): Promise<string> {
  const root = ws.buckets.landing.root;
  const exists = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return `nothing (${root} does not exist)`;
  const targets = await landingTargets([root]);
  if (targets.length === 0) return `nothing (${root} is empty)`;
  const feeds = new Set(targets.map((t) => t.key.split('/').slice(0, 2).join('/')));
  return `${targets.length} file(s) of ${feeds.size} feed(s) from ${root}`;
}
