/**
 * Whether an ingest attempt is still alive, so recovery undoes only the work of attempts that are
 * gone. Within one machine it is known exactly: the process id, and the attempts this process is
 * running. Across machines (Lambdas), an attempt is presumed alive for a lease longer than a
 * Lambda can run.
 */
import { hostname } from 'node:os';
import { stagingPrefixOf as attemptStagingPrefix } from '../../schemas/lake-layout.js';

export interface AttemptOwner {
  readonly host: string;
  readonly pid: number;
  /** Epoch ms the intent was written. */
  readonly since: number;
}

/** How long an attempt on another machine is presumed alive: longer than a Lambda runs (15 min). */
export const DEFAULT_LEASE_MS = 20 * 60 * 1000;

/** Ingest ids of the attempts running in this process. */
export const liveAttempts = new Set<string>();

export const ownerNow = (now = Date.now()): AttemptOwner => ({ host: hostname(), pid: process.pid, since: now });

export { STAGING_PREFIX } from '../../schemas/lake-layout.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function attemptAlive(ingestId: string, host: string, pid: number, since: number, leaseMs: number, now: number) {
  if (host === hostname()) {
    if (pid === process.pid) return liveAttempts.has(ingestId);
    if (!processAlive(pid)) return false;
  }
  return now - since <= leaseMs;
}

/** Whether a pending intent's attempt is gone (its files are safe to roll back). */
export function isAbandoned(
  intent: { readonly ingestId: string; readonly owner?: AttemptOwner },
  leaseMs = DEFAULT_LEASE_MS,
  now = Date.now(),
): boolean {
  const owner = intent.owner;
  return !owner || !attemptAlive(intent.ingestId, owner.host, owner.pid, owner.since, leaseMs, now);
}

/**
 * The staging prefix of an attempt names its machine and process, so recovery can tell whether it
 * is alive: `_staging/<ingest id>~<host>~<pid>`.
 */
export const stagingPrefixOf = (ingestId: string) =>
  attemptStagingPrefix(`${ingestId}~${encodeURIComponent(hostname())}~${process.pid}`);

/** Epoch ms of an ingest id (`YYYYMMDDTHHMMSSmmmZ-…`), or NaN. */
function ingestIdTime(ingestId: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(ingestId);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second, ms] = m.slice(1).map(Number) as number[];
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second, ms);
}

/** Whether the attempt that staged under `_staging/<dir>` is gone. */
export function stagingAbandoned(dir: string, leaseMs = DEFAULT_LEASE_MS, now = Date.now()): boolean {
  const [ingestId = '', host = '', pid = ''] = dir.split('~');
  const since = ingestIdTime(ingestId);
  if (Number.isNaN(since)) return true;
  return !attemptAlive(ingestId, decodeURIComponent(host), Number(pid), since, leaseMs, now);
}
