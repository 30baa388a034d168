/**
 * A local ingest run: resolves file and directory arguments to landing keys, ingests them (the
 * site master first, then a few files at a time) and reports what happened. The CLI's `ingest`
 * and `demo` share it; presentation (tables, progress lines) stays in the CLI.
 */
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { IngestOutcome } from '../../schemas/audit.js';
import { contractFor, contracts } from '../../schemas/index.js';
import { auditWriter } from '../core/audit.js';
import { type DoctorReport, doctor } from '../core/doctor.js';
import { type AttemptFailureKind, attemptFailureKind } from '../core/errors.js';
import { type IngestResult, ingestFile } from '../core/ingest.js';
import { loadSiteTimezones } from '../core/site-timezones.js';
import { LocalDirectoryStore } from '../core/storage/local-directory.js';
import { usageError } from './errors.js';
import { homeState, type Workspace } from './workspace.js';

export interface LandingTarget {
  readonly store: LocalDirectoryStore;
  readonly key: string;
  /** A replay (`opslake replay`): the attempt whose result this ingest re-runs. */
  readonly replayOf?: string;
}

/** The feed of a landing key (`<system>/<feed>/<file>`), or undefined when it names none. */
function knownFeed(key: string): string | undefined {
  const [system, feed, ...rest] = key.split('/');
  return system && feed && rest.length > 0 && contractFor(system, feed) ? `${system}/${feed}` : undefined;
}

const unknownFeed = (what: string) =>
  usageError(
    `${what}: opslake ingests files at <landing>/<system>/<feed>/<file>, for a feed such as ${contracts[0]?.id} (the feeds: docs/data-dictionary.md)`,
  );

/**
 * Lists the landing keys to ingest from file or directory arguments. A named file must lie in a
 * known feed's directory, and a named directory must hold at least one such file: both are the
 * user's mistake, said before anything is touched. Other stray files inside a landing directory
 * are ingested and rejected (unknown_feed) with an audit record, as the Lambda does.
 */
export async function landingTargets(paths: readonly string[]): Promise<LandingTarget[]> {
  const targets: LandingTarget[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw usageError(`${path} does not exist: give a feed file or a landing directory`);
      throw error;
    });
    if (info.isDirectory()) {
      // A directory is a landing root: keys are `<system>/<feed>/<file>` below it. Symlinks are
      // listed but not descended into; reading one out of the tree is refused (that file's rejection).
      const store = new LocalDirectoryStore(path);
      const found: LandingTarget[] = [];
      for await (const object of store.list('')) {
        // The generator's defect manifest describes the feeds; it is not one.
        if (!object.key.startsWith('_manifest/')) found.push({ store, key: object.key });
      }
      if (found.length > 0 && !found.some((t) => knownFeed(t.key))) {
        throw unknownFeed(`no file under ${path} is in a feed directory`);
      }
      targets.push(...found);
    } else {
      // A single file is named by the last three parts of its absolute path, <system>/<feed>/<file>,
      // whether given from the landing root, from its own directory, or through `..`.
      const parts = resolve(path).split(sep);
      if (parts.length < 5) {
        throw usageError(`${path}: a feed file lives at <landing>/<system>/<feed>/<file>; this path is too short`);
      }
      const key = parts.slice(-3).join('/');
      if (!knownFeed(key)) throw unknownFeed(`${path} is not in a feed directory (read as "${key}")`);
      targets.push({ store: new LocalDirectoryStore(parts.slice(0, -3).join(sep)), key });
    }
  }
  return targets;
}

/** Files ingested at once by the CLI. Each is independent: keys, ledger and outputs are per file. */
const INGEST_CONCURRENCY = 3;

export interface IngestRunOptions {
  /** Called after each file with the count done so far, the total and the file's key. */
  readonly onFile?: (done: number, total: number, key: string) => void;
  /** Run `doctor` over the lake first (recover dead attempts, remove orphans): `opslake ingest` does. */
  readonly doctorFirst?: boolean;
}

/** A file whose attempt failed without a result (errors.ts): nothing of it is visible; ingest it again. */
export interface IngestFailure {
  readonly key: string;
  readonly kind: AttemptFailureKind;
  readonly message: string;
}

export interface IngestRun {
  /** One per file that came to a result, in the order of the targets. */
  readonly results: IngestResult[];
  readonly failures: IngestFailure[];
  readonly doctor?: DoctorReport;
}

/**
 * Ingests `found` (from landingTargets, resolved before the workspace is touched). Each file is
 * on its own: a file's failure is recorded and the run goes on with the others.
 */
export async function ingestRun(
  ws: Workspace,
  found: readonly LandingTarget[],
  options: IngestRunOptions = {},
): Promise<IngestRun> {
  // Only in a directory opslake made: doctor deletes files (its own kinds), never a user's.
  const recovered =
    options.doctorFirst && homeState(ws.home) === 'workspace'
      ? await doctor(ws.buckets, { hooks: auditWriter(ws.buckets.lake) })
      : undefined;
  // The site master goes first: zone-less local times in every other feed are read in its zones.
  // Then INGEST_CONCURRENCY files at a time: a small daily file spends about a third of its time
  // waiting on the file system, which another file's parsing can fill (1,103 files: 24 s → 19 s).
  const isSites = (key: string) => (key.startsWith('reference/sites/') ? 0 : 1);
  const targets = [...found].sort((a, b) => isSites(a.key) - isSites(b.key));
  const results: (IngestResult | undefined)[] = new Array(targets.length);
  const failures: IngestFailure[] = [];
  let done = 0;
  const ingest = async (i: number, siteTimezones?: Map<string, string>) => {
    const target = targets[i] as LandingTarget;
    try {
      results[i] = await ingestFile({
        buckets: { ...ws.buckets, landing: target.store },
        key: target.key,
        ...(siteTimezones ? { siteTimezones } : {}),
        ...(target.replayOf ? { replayOf: target.replayOf } : {}),
      });
    } catch (error) {
      failures.push({
        key: target.key,
        kind: attemptFailureKind(error),
        message: (error as Error)?.message ?? String(error),
      });
    }
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
  return {
    results: results.filter((r): r is IngestResult => r !== undefined),
    failures,
    ...(recovered ? { doctor: recovered } : {}),
  };
}

/** `ingestRun`, for callers that stop at the first problem: throws (after every file) if one failed. */
export async function ingestAll(
  ws: Workspace,
  found: readonly LandingTarget[],
  options: IngestRunOptions = {},
): Promise<IngestResult[]> {
  const run = await ingestRun(ws, found, options);
  const [first] = run.failures;
  if (first) throw new Error(`${run.failures.length} file(s) failed; first: ${first.key}: ${first.message}`);
  return run.results;
}

/** Outcomes that are not a problem: the file is in the lake, or already was, or a newer one is. */
const FINE_OUTCOMES: ReadonlySet<IngestOutcome> = new Set<IngestOutcome>(['loaded', 'duplicate', 'superseded']);

/** Rejections listed per file in the report; the rest are in the quarantine. */
const REJECTIONS_SHOWN = 5;

/** What doctor did before the run, in one line; empty when it found the lake clean. */
export function doctorLine(report: DoctorReport): string {
  const removed = report.orphans.length + report.staging.length;
  if (report.recovered.length === 0 && removed === 0) return '';
  const rolledBack = report.recovered.filter((r) => r.action === 'rolled_back').length;
  return `doctor: ${rolledBack} interrupted publish(es) rolled back, ${report.recovered.length - rolledBack} settled; ${report.orphans.length} orphan file(s) and ${report.staging.length} dead staging object(s) ${report.dryRun ? 'found' : 'removed'}`;
}

export function ingestReport(
  results: readonly IngestResult[],
  run: Partial<Pick<IngestRun, 'failures' | 'doctor'>> = {},
): { text: string; failed: boolean } {
  const failures = run.failures ?? [];
  const total = results.reduce(
    (acc, r) => ({ in: acc.in + r.rows_in, valid: acc.valid + r.rows_valid, rejected: acc.rejected + r.rows_rejected }),
    { in: 0, valid: 0, rejected: 0 },
  );
  const byOutcome = new Map<string, number>();
  for (const r of results) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
  if (failures.length > 0) byOutcome.set('failed', failures.length);
  const lines = [
    ...(run.doctor && doctorLine(run.doctor) ? [doctorLine(run.doctor)] : []),
    `${results.length + failures.length} file(s): ${[...byOutcome].map(([k, v]) => `${v} ${k}`).join(', ')}`,
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
  for (const f of failures) {
    lines.push(`  ${f.key}: failed (${f.kind}) — ${f.message}; nothing of it is visible: ingest it again`);
  }
  return { text: lines.join('\n'), failed: failures.length > 0 || results.some((r) => r.outcome === 'rejected') };
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
