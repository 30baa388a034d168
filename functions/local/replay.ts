/**
 * `opslake replay`: ingest again the landed files whose version that stands still quarantines rows
 * (audited partial, or replayed with rows left), or that were rejected whole — after what rejected
 * them was fixed, such as a site master that arrived late.
 *
 * What stands comes from the ledger (functions/core/ledger.ts), not from the audit log: a key's
 * committed version names its quarantine parts, and a whole-file rejection's note
 * (`files/<key>.reason.json`) names the attempt that wrote it, which stands unless the ledger
 * committed a later one. A replay is an ordinary ingest of the landing file with
 * `replayOf` set (ingest.ts): it publishes a new version that replaces the old one — whose
 * quarantined rows the ledger deletes with it — audited `replayed`; when nothing changed it
 * publishes nothing (`duplicate`), and a file that still fails is rejected again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { contracts } from '../../schemas/index.js';
import {
  QUARANTINE_FILES_PREFIX,
  quarantinedFileKey,
  quarantineReasonKey,
  SOURCE_LEDGER_PREFIX,
} from '../../schemas/lake-layout.js';
import type { WholeFileRejectionNote } from '../../schemas/quarantine.js';
import type { IngestResult } from '../core/ingest.js';
import { parseEntry, type SourceEntry } from '../core/ledger.js';
import { type Buckets, type ObjectStore, readAll } from '../core/storage/port.js';
import { usageError } from './errors.js';
import {
  type IngestFailure,
  type IngestRunOptions,
  ingestRun,
  type LandingTarget,
  landingTargets,
} from './ingest-run.js';
import type { Workspace } from './workspace.js';

/** A landed file whose standing result quarantines rows: what a replay would re-run. */
export interface ReplayCandidate {
  readonly key: string;
  readonly feed: string | null;
  /** The attempt whose result stands; null for a whole-file note written before notes named it. */
  readonly ingestId: string | null;
  readonly outcome: 'partial' | 'replayed' | 'rejected';
  readonly rowsIn: number;
  readonly rowsQuarantined: number;
  /** Quarantined rows per rule; a file rejected whole counts its rows under its one rule. */
  readonly rules: Readonly<Record<string, number>>;
  /** The sha256 of the bytes that version read, when the ledger knows it. */
  readonly contentHash?: string;
  /** A file rejected whole: the quarantine's copy of it, to tell whether the landing file changed. */
  readonly quarantinedCopy?: string;
}

async function* ledgerEntries(lake: ObjectStore): AsyncGenerator<SourceEntry> {
  for await (const object of lake.list(SOURCE_LEDGER_PREFIX)) {
    if (!object.key.endsWith('.json')) continue;
    yield parseEntry(Buffer.from(await readAll(lake, object.key)).toString('utf8'));
  }
}

/** Quarantined rows per rule over a version's parts. */
async function rulesOf(quarantine: ObjectStore, parts: readonly string[]): Promise<Record<string, number>> {
  const rules: Record<string, number> = {};
  for (const part of parts) {
    for (const line of Buffer.from(await readAll(quarantine, part))
      .toString('utf8')
      .split('\n')) {
      if (!line) continue;
      const { rule } = JSON.parse(line) as { rule: string };
      rules[rule] = (rules[rule] ?? 0) + 1;
    }
  }
  return rules;
}

async function wholeFileNotes(quarantine: ObjectStore): Promise<WholeFileRejectionNote[]> {
  const notes: WholeFileRejectionNote[] = [];
  for await (const object of quarantine.list(QUARANTINE_FILES_PREFIX)) {
    if (!object.key.endsWith('.reason.json')) continue;
    let note: WholeFileRejectionNote;
    try {
      note = JSON.parse(Buffer.from(await readAll(quarantine, object.key)).toString('utf8')) as WholeFileRejectionNote;
    } catch {
      continue; // a landed file that happened to be named *.reason.json, copied whole: not a note
    }
    if (typeof note.key === 'string' && quarantineReasonKey(note.key) === object.key) notes.push(note);
  }
  return notes;
}

/** Every file a replay could re-run, by landing key. */
export async function replayCandidates(buckets: Pick<Buckets, 'lake' | 'quarantine'>): Promise<ReplayCandidate[]> {
  const committed = new Map<string, NonNullable<SourceEntry['committed']>>();
  const found = new Map<string, ReplayCandidate>();
  for await (const entry of ledgerEntries(buckets.lake)) {
    const version = entry.committed;
    if (!version) continue;
    committed.set(entry.key, version);
    const audit = version.audit;
    if (!audit || audit.rows_rejected === 0 || version.rejects.length === 0) continue;
    found.set(entry.key, {
      key: entry.key,
      feed: audit.feed,
      ingestId: version.ingestId,
      outcome: audit.outcome === 'replayed' ? 'replayed' : 'partial',
      rowsIn: audit.rows_in,
      rowsQuarantined: audit.rows_rejected,
      rules: await rulesOf(buckets.quarantine, version.rejects),
      contentHash: version.contentHash,
    });
  }
  for (const note of await wholeFileNotes(buckets.quarantine)) {
    const version = committed.get(note.key);
    // Ingest ids start with the attempt's UTC time, so they sort as the attempts ran.
    if (version && (note.ingest_id === undefined || version.ingestId > note.ingest_id)) continue;
    found.set(note.key, {
      key: note.key,
      feed: note.feed ?? null,
      ingestId: note.ingest_id ?? null,
      outcome: 'rejected',
      rowsIn: note.rows_in ?? 0,
      rowsQuarantined: note.rows_in ?? 0,
      rules: { [note.rule]: note.rows_in ?? 0 },
      quarantinedCopy: note.key,
    });
  }
  return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface ReplaySelection {
  /** Landing keys (`<system>/<feed>/<file>`). */
  readonly keys?: readonly string[];
  /** Files with rows quarantined for this rule (or rejected whole by it). */
  readonly rule?: string;
  readonly feed?: string;
}

const ruleList = (candidates: readonly ReplayCandidate[]) => {
  const files = new Map<string, number>();
  for (const c of candidates) for (const rule of Object.keys(c.rules)) files.set(rule, (files.get(rule) ?? 0) + 1);
  return (
    [...files]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rule, n]) => `${rule} (${n} file${n === 1 ? '' : 's'})`)
      .join(', ') || 'none'
  );
};

/**
 * The candidates a selection names. A named key with nothing to replay, a rule or a feed that
 * matches nothing, is the user's mistake: said before anything is touched.
 */
export function selectCandidates(
  candidates: readonly ReplayCandidate[],
  selection: ReplaySelection,
): ReplayCandidate[] {
  if (selection.feed !== undefined && !contracts.some((c) => c.id === selection.feed)) {
    throw usageError(`--feed ${selection.feed}: no such feed; feeds are ${contracts.map((c) => c.id).join(', ')}`);
  }
  let chosen = candidates.filter((c) => selection.feed === undefined || c.feed === selection.feed);
  if (selection.keys) {
    const byKey = new Map(chosen.map((c) => [c.key, c]));
    chosen = selection.keys.map((key) => {
      const candidate = byKey.get(key);
      if (!candidate) {
        throw usageError(
          `${key} has nothing to replay: its version in the lake quarantined no row${selection.feed ? ` (or it is not in feed ${selection.feed})` : ''}, or it was never ingested — \`opslake replay --dry-run\` lists what can be replayed`,
        );
      }
      return candidate;
    });
  }
  if (selection.rule !== undefined) {
    const rule = selection.rule;
    const matching = chosen.filter((c) => (c.rules[rule] ?? 0) > 0);
    if (matching.length === 0) {
      throw usageError(
        `no file${selection.feed ? ` of ${selection.feed}` : ''} has rows quarantined for rule "${rule}"; rules quarantined now: ${ruleList(chosen)}`,
      );
    }
    chosen = matching;
  }
  return chosen;
}

/**
 * The landing keys and the landing directory of `opslake replay`'s file arguments. A path names
 * its own landing root (the last three parts are the key, as for `opslake ingest`); anything else
 * is a key, looked up under `--landing` (default: the workspace's landing/).
 */
export async function replayFiles(
  files: readonly string[],
  landingOption: string | undefined,
  defaultRoot: string,
  dryRun: boolean,
): Promise<{ keys: string[]; root: string }> {
  const keys: string[] = [];
  const roots = new Set<string>();
  for (const file of files) {
    if (!existsSync(file)) {
      keys.push(file);
      continue;
    }
    const [target, ...more] = await landingTargets([file]);
    if (!target || more.length > 0) throw usageError(`${file} is a directory: name landed files, or use --all`);
    keys.push(target.key);
    roots.add(target.store.root);
  }
  if (roots.size > 1 || (roots.size === 1 && landingOption !== undefined)) {
    throw usageError('give the files from one landing directory, either as paths or as keys with --landing');
  }
  const root = landingOption ?? [...roots][0] ?? defaultRoot;
  // A dry run lists what a replay would find, a missing landing directory included.
  if (!dryRun && !existsSync(root)) {
    throw usageError(`the landing directory ${root} does not exist: give the one files were landed in with --landing`);
  }
  return { keys, root };
}

/** Whether the landing file is still the content that was quarantined. */
export type LandingState = 'ready' | 'missing' | 'changed';

async function sha256Of(store: ObjectStore, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of store.read(key)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Whether `landing` still holds the file a candidate's result came from: a replay re-runs the same
 * content; a changed file is a new delivery, for `opslake ingest`.
 */
export async function landingState(
  landing: ObjectStore,
  quarantine: ObjectStore,
  candidate: ReplayCandidate,
): Promise<LandingState> {
  if (!(await landing.stat(candidate.key))) return 'missing';
  const now = await sha256Of(landing, candidate.key);
  if (candidate.contentHash) return now === candidate.contentHash ? 'ready' : 'changed';
  const copy = candidate.quarantinedCopy ? quarantinedFileKey(candidate.quarantinedCopy) : undefined;
  // No copy (an unreadable file is never copied): nothing to compare, the replay reads what is there.
  if (!copy || !(await quarantine.stat(copy))) return 'ready';
  return now === (await sha256Of(quarantine, copy)) ? 'ready' : 'changed';
}

/** One selected file after a replay run. */
export interface ReplayedFile {
  readonly candidate: ReplayCandidate;
  readonly landing: LandingState;
  /** The replay's audit record, when the file was ready and the attempt came to a result. */
  readonly result?: IngestResult;
  readonly failure?: IngestFailure;
}

/**
 * Re-ingests the chosen files that are still in `landing` unchanged (doctor first, as `opslake
 * ingest` does). With `dryRun` it only checks the landing files.
 */
export async function replayRun(
  ws: Workspace,
  landing: LandingTarget['store'],
  chosen: readonly ReplayCandidate[],
  options: IngestRunOptions & { readonly dryRun?: boolean } = {},
): Promise<ReplayedFile[]> {
  const states = new Map<string, LandingState>();
  for (const candidate of chosen) {
    states.set(candidate.key, await landingState(landing, ws.buckets.quarantine, candidate));
  }
  const ready = chosen.filter((c) => states.get(c.key) === 'ready');
  const run =
    options.dryRun || ready.length === 0
      ? undefined
      : await ingestRun(
          ws,
          ready.map((c) => ({ store: landing, key: c.key, ...(c.ingestId ? { replayOf: c.ingestId } : {}) })),
          { ...options, doctorFirst: true },
        );
  return chosen.map((candidate) => {
    const result = run?.results.find((r) => r.source_key === candidate.key);
    const failure = run?.failures.find((f) => f.key === candidate.key);
    return {
      candidate,
      landing: states.get(candidate.key) ?? 'missing',
      ...(result ? { result } : {}),
      ...(failure ? { failure } : {}),
    };
  });
}

/** What became of a replayed file, in words. */
export function replayVerdict(file: ReplayedFile): string {
  const { candidate, result, failure } = file;
  if (file.landing === 'missing') return `not replayed: ${candidate.key} is no longer in the landing directory`;
  if (file.landing === 'changed') {
    return 'not replayed: the landing file changed since it was quarantined — a new delivery, for `opslake ingest`';
  }
  if (failure) return `failed (${failure.kind}): ${failure.message}; nothing of it is visible: replay it again`;
  if (!result) return 'would be replayed';
  if (result.outcome === 'duplicate') return `unchanged: the same ${candidate.rowsQuarantined} row(s) still fail`;
  if (result.outcome === 'rejected') return `still rejected: ${result.reason}`;
  if (result.rows_rejected === 0) return `loaded: all ${result.rows_in} row(s) in the lake`;
  return `${result.rows_valid} row(s) in the lake, ${result.rows_rejected} still quarantined (was ${candidate.rowsQuarantined})`;
}

/** A candidate's rules, most rows first: `timezone_known×3, units_positive×1`. */
export const rulesText = (rules: Readonly<Record<string, number>>): string =>
  Object.entries(rules)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule}×${n}`)
    .join(', ');
