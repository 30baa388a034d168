/**
 * `opslake replay` on the late-site-master story, as a user runs it: shipments of site S2 arrive
 * before the site master knows S2, so their zone-less times are quarantined (timezone_known); the
 * master is delivered; a replay loads those rows, is audited `replayed`, and the quarantine (and
 * `quarantine_daily` after a build) no longer counts them. Beside it: a dry run changes nothing, a
 * replay before the fix changes nothing, a row failing another rule stays quarantined, a file
 * rejected whole that still fails stays rejected, and mistakes are usage errors.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../functions/core/audit.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';
import type { ReplayedFile } from '../../functions/local/replay.js';
import { quarantinedFileKey } from '../../schemas/lake-layout.js';
import { runOpslake } from '../support/cli.js';
import { csv, quarantinedRows, shipment } from '../support/ingest-fixtures.js';
import { expectConsistent, ledgerEntries } from '../support/lake-invariants.js';

let root: string;
let home: string;
let landing: string;

const A = 'tms/shipments/S2_2026-01-05.csv';
const B = 'tms/shipments/S2_2026-01-06.csv';
const C = 'tms/shipments/broken.csv';
/** Zone-less local times: readable only once the site's timezone is known. */
const local = (n: number) => ({ site_id: 'S2', shipped_at: `2026-01-0${1 + (n % 3)}T08:00:00` });
const sitesCsv = (rows: string[]) => `site_id,site_name,region,country,timezone,opened_on\n${rows.join('\n')}\n`;
const S1 = 'S1,Chicago DC,North America,US,America/Chicago,2020-01-06';
const S2 = 'S2,Newark DC,North America,US,America/New_York,2021-04-01';

function land(key: string, body: string) {
  const path = join(landing, key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
  return path;
}

function opslake(expected: number, ...args: string[]) {
  const run = runOpslake(home, ...args);
  expect(run.code, `opslake ${args.join(' ')}: ${run.stderr}`).toBe(expected);
  return run;
}

const replayJson = (expected: number, ...args: string[]) =>
  JSON.parse(opslake(expected, 'replay', ...args, '--json').stdout) as (ReplayedFile & { verdict: string })[];

const buckets = () => localBuckets(home);
const standing = async (key: string): Promise<AuditRecord | undefined> =>
  (await ledgerEntries(buckets())).find((e) => e.key === key)?.committed?.audit;
/** Every file under a directory with its bytes: to show a dry run wrote nothing. */
const snapshot = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => [f, readFileSync(join(dir, f), 'base64')]);

interface DailyRow {
  feed_id: string;
  site_id: string | null;
  rule: string;
  rejected_as: string;
  rows_quarantined: number;
  files: number;
}
function quarantineDaily(): DailyRow[] {
  opslake(0, 'build', '--quiet', '--select', '+quarantine_daily');
  const run = opslake(
    0,
    'sql',
    `select feed_id, site_id, rule, rejected_as, sum(rows_quarantined) as rows_quarantined, sum(files) as files
     from quarantine_daily group by all order by rejected_as, rule, site_id`,
    '--json',
  );
  return JSON.parse(run.stdout) as DailyRow[];
}

let firstA: AuditRecord | undefined;
let firstB: AuditRecord | undefined;
let dailyBefore: DailyRow[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opslake-replay-'));
  home = join(root, 'home');
  landing = join(root, 'landing');
  land('reference/sites/sites.csv', sitesCsv([S1]));
  // A: two S1 rows and three S2 rows. B: two S2 rows and an S1 row with negative units.
  land(A, csv([shipment(2), shipment(4), shipment(1, local(1)), shipment(3, local(3)), shipment(5, local(5))]));
  land(B, csv([shipment(11, local(11)), shipment(13, local(13)), shipment(12, { units: '-1' })]));
  land(C, 'shipment_id,order_id\nSH-1,SO-1\nSH-2,SO-2\n');
  // C is rejected whole: exit 1.
  opslake(1, 'ingest', landing, '--quiet');
  firstA = await standing(A);
  firstB = await standing(B);
  dailyBefore = quarantineDaily();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('opslake replay, the late site master', () => {
  it('before: the zone-less S2 rows are quarantined and quarantine_daily counts them', () => {
    expect(firstA).toMatchObject({ outcome: 'partial', rows_in: 5, rows_valid: 2, rows_rejected: 3 });
    expect(firstB).toMatchObject({ outcome: 'partial', rows_in: 3, rows_valid: 0, rows_rejected: 3 });
    expect(dailyBefore).toEqual([
      {
        feed_id: 'tms/shipments',
        site_id: null,
        rule: 'missing_column',
        rejected_as: 'file',
        rows_quarantined: 0,
        files: 1,
      },
      { feed_id: 'tms/shipments', site_id: 'S1', rule: 'min', rejected_as: 'row', rows_quarantined: 1, files: 1 },
      {
        feed_id: 'tms/shipments',
        site_id: 'S2',
        rule: 'timezone_known',
        rejected_as: 'row',
        rows_quarantined: 5,
        files: 2,
      },
    ]);
  });

  it('--dry-run lists every file with rows in quarantine and changes nothing', () => {
    const before = [snapshot(join(home, 'lake')), snapshot(join(home, 'quarantine'))];
    const listed = replayJson(0, '--dry-run', '--landing', landing);
    expect(listed.map((f) => [f.candidate.key, f.candidate.outcome, f.candidate.rules, f.landing])).toEqual([
      [A, 'partial', { timezone_known: 3 }, 'ready'],
      [B, 'partial', { timezone_known: 2, min: 1 }, 'ready'],
      [C, 'rejected', { missing_column: 0 }, 'ready'],
    ]);
    expect(listed.every((f) => f.result === undefined)).toBe(true);
    expect([snapshot(join(home, 'lake')), snapshot(join(home, 'quarantine'))]).toEqual(before);
    const text = opslake(0, 'replay', '--dry-run', '--reason', 'min', '--landing', landing).stdout;
    expect(text).toContain(B);
    expect(text).not.toContain(A);
    expect(text).toContain('1 of 1 file(s) would be replayed');
  });

  it('a replay before the fix publishes nothing: the rows still fail', async () => {
    const replayed = replayJson(0, '--reason', 'timezone_known', '--landing', landing);
    expect(replayed.map((f) => [f.candidate.key, f.result?.outcome])).toEqual([
      [A, 'duplicate'],
      [B, 'duplicate'],
    ]);
    expect((await standing(A))?.ingest_id).toBe(firstA?.ingest_id);
    expect((await quarantinedRows(buckets())).filter((r) => r.rule === 'timezone_known')).toHaveLength(5);
  });

  it('after the site master arrives, a replay by file loads the rows, audited replayed', async () => {
    land('reference/sites/sites.csv', sitesCsv([S1, S2]));
    opslake(0, 'ingest', join(landing, 'reference/sites/sites.csv'), '--quiet');
    const [file] = replayJson(0, join(landing, A));
    expect(file?.result).toMatchObject({
      source_key: A,
      outcome: 'replayed',
      replay_of: firstA?.ingest_id,
      rows_in: 5,
      rows_valid: 5,
      rows_rejected: 0,
    });
    expect(await standing(A)).toMatchObject({ outcome: 'replayed', replay_of: firstA?.ingest_id });
    expect((await quarantinedRows(buckets())).filter((r) => r.file === A)).toEqual([]);
  });

  it('a replay by reason loads what the fix fixed; a row failing another rule stays quarantined', async () => {
    const replayed = replayJson(0, '--reason', 'timezone_known', '--feed', 'tms/shipments', '--landing', landing);
    expect(replayed.map((f) => f.candidate.key)).toEqual([B]);
    expect(replayed[0]?.result).toMatchObject({ outcome: 'replayed', rows_valid: 2, rows_rejected: 1 });
    expect(replayed[0]?.verdict).toBe('2 row(s) in the lake, 1 still quarantined (was 3)');
    const rows = (await quarantinedRows(buckets())).filter((r) => r.file === B);
    expect(rows.map((r) => [r.rule, r.site, r.ingest_id])).toEqual([['min', 'S1', replayed[0]?.result?.ingest_id]]);
  });

  it('lake + quarantine = rows_in for every file as it stands now', async () => {
    const versions = await expectConsistent(buckets(), 'shipment_id');
    expect(versions.get(A)?.ids).toEqual(['SH-1', 'SH-2', 'SH-3', 'SH-4', 'SH-5']);
    expect(versions.get(B)?.ids).toEqual(['SH-11', 'SH-13']);
  });

  it('a file rejected whole that still fails stays rejected and quarantined (exit 1)', () => {
    const [file] = replayJson(1, C, '--landing', landing);
    expect(file?.result).toMatchObject({ outcome: 'rejected', rows_valid: 0 });
    expect(file?.result?.replay_of).toBe(file?.candidate.ingestId);
    expect(existsSync(join(home, 'quarantine', quarantinedFileKey(C)))).toBe(true);
  });

  it('quarantine_daily after a build no longer counts the replayed rows', () => {
    expect(quarantineDaily()).toEqual([
      {
        feed_id: 'tms/shipments',
        site_id: null,
        rule: 'missing_column',
        rejected_as: 'file',
        rows_quarantined: 0,
        files: 1,
      },
      { feed_id: 'tms/shipments', site_id: 'S1', rule: 'min', rejected_as: 'row', rows_quarantined: 1, files: 1 },
    ]);
  });

  it('opslake status counts rows as they stand: a replay (or a duplicate attempt) is not counted twice', () => {
    const status = JSON.parse(opslake(0, 'status', '--json').stdout) as {
      feeds: { feed: string; attempts: number; filesRejected: number; rowsValid: number; rowsQuarantined: number }[];
    };
    // A: 5 in the lake; B: 2 in the lake, 1 quarantined; C: rejected whole (no rows read).
    expect(status.feeds.find((f) => f.feed === 'tms/shipments')).toMatchObject({
      attempts: 8,
      filesRejected: 1,
      rowsValid: 7,
      rowsQuarantined: 1,
    });
  });

  it('mistakes are usage errors that touch nothing', () => {
    expect(runOpslake(home, 'replay').stderr).toContain('say what to replay');
    expect(runOpslake(home, 'replay').code).toBe(2);
    const loaded = runOpslake(home, 'replay', A, '--landing', landing);
    expect(loaded.code).toBe(2);
    expect(loaded.stderr).toContain(`${A} has nothing to replay`);
    const unknownRule = runOpslake(home, 'replay', '--reason', 'timezone_known', '--landing', landing);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toContain('rules quarantined now: min (1 file), missing_column (1 file)');
    expect(runOpslake(home, 'replay', '--all', '--feed', 'tms/nope').code).toBe(2);
    expect(runOpslake(home, 'replay', '--all', A).code).toBe(2);
  });
});
