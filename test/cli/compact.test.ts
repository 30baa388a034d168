/**
 * `opslake compact` on a built workspace (the golden fixture plus a file with a bad row): every
 * reader of the audit log answers the same before and after — `opslake status`, the dashboard's
 * data-quality API (one server across the compaction, so its audit cache must notice) and dbt's
 * stg_opslake__ingest_files — the warehouse rebuilt on the compacted data answers the same, and a
 * re-delivery after compaction is still a duplicate. The core's crash and fault cases are in
 * test/ingest/audit-compaction.test.ts and lake-compaction.test.ts.
 */
import { readdirSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../functions/local/workspace.js';
import { AUDIT_PREFIX, AUDIT_SCHEMA_KEY, RAW_PREFIX } from '../../schemas/lake-layout.js';
import { BAD_RETURNS_KEY, buildGoldenWorkspace, type Served, startServe } from '../serve/support.js';
import { runOpslake } from '../support/cli.js';

let home: string;
let served: Served;

/** The audit log's record files (the build's zero-row schema file is not one). */
const auditFiles = () =>
  readdirSync(join(home, 'lake', AUDIT_PREFIX), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.parquet') && `${AUDIT_PREFIX}${f}` !== AUDIT_SCHEMA_KEY,
  );

/** The lake's data files (ingest outputs and compacted files). */
const dataFiles = () =>
  readdirSync(join(home, 'lake', RAW_PREFIX), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.parquet') && /\/dt=/.test(f),
  );

/** What the warehouse answers from the lake's data: the KPI facts and a staged feed, every row. */
const marts = () => ({
  kpis: rows(cli('sql', 'select * from kpi_daily order by all', '--json')),
  monthly: rows(cli('sql', 'select * from kpi_monthly order by all', '--json')),
  shipments: rows(cli('sql', 'select * from stg_tms__shipments order by all', '--json')),
});

/**
 * Rows with every double to 12 significant digits: a weighted target (kpi_monthly.target_value) is
 * a double summed in whatever order DuckDB's threads meet the rows, so two builds on the same data
 * can differ in the last bit (0.8458571428571429 against 0.845857142857143) — with or without
 * compaction. Counts and the golden amounts have fewer than 12 digits, so they still compare exactly.
 */
const rows = (json: string): unknown =>
  JSON.parse(json, (_key, value: unknown) => (typeof value === 'number' ? Number(value.toPrecision(12)) : value));

function cli(...args: string[]) {
  const run = runOpslake(home, ...args);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

/** The answer minus what moves with the clock: the age of each feed's last load. */
const withoutAges = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'ageHours' ? undefined : v)));

/**
 * GET on a connection of its own: the CLI runs between requests block this process for longer
 * than the server's 5 s keep-alive, and a pooled socket it closed meanwhile fails the next fetch.
 */
function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** What each reader of the audit log answers. */
async function readers() {
  const response = await getJson(`${served.url}/api/quality`);
  expect(response.status).toBe(200);
  const quality = withoutAges(response.body);
  return {
    quality,
    status: JSON.parse(cli('status', '--json')) as { feeds: { feed: string; attempts: number }[] },
    staged: JSON.parse(cli('sql', 'select * from stg_opslake__ingest_files order by ingest_id', '--json')) as {
      source_key: string;
      outcome: string;
    }[],
  };
}

describe('opslake compact', () => {
  beforeAll(async () => {
    home = buildGoldenWorkspace();
    served = await startServe(home);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('every reader answers the same before and after; the log is one file per day', async () => {
    const filesBefore = auditFiles();
    const dataBefore = dataFiles();
    const martsBefore = marts();
    const before = await readers();
    expect(before.staged.length).toBe(filesBefore.length);
    expect(before.staged.length).toBeGreaterThan(5);
    expect(before.staged.map((r) => r.source_key)).toContain(BAD_RETURNS_KEY);

    const dry = cli('compact', '--dry-run');
    expect(dry).toMatch(new RegExp(`would compact \\d+ day\\(s\\): ${filesBefore.length} file\\(s\\) → \\d+ file`));
    expect(auditFiles()).toEqual(filesBefore);

    const report = JSON.parse(cli('compact', '--json')) as { audit: { days: { day: string; filesAfter: number }[] } };
    const after = auditFiles();
    expect(after).toHaveLength(report.audit.days.length);
    expect(after.every((f) => /^dt=\d{4}-\d{2}-\d{2}\/compacted-[0-9a-f]{16}\.parquet$/.test(f))).toBe(true);
    expect(await readers()).toEqual(before);
    expect(cli('compact')).toMatch(/nothing to compact/);
    // The data: fewer files, and the warehouse rebuilt on them answers the same.
    expect(dataFiles().length).toBeLessThan(dataBefore.length);
    expect(dataFiles().some((f) => f.includes('/compacted-'))).toBe(true);
    cli('build');
    expect(marts()).toEqual(martsBefore);
  });

  it('a re-delivery after compaction is a duplicate, one more attempt in every reader; compacting again keeps it', async () => {
    const before = await readers();
    const golden = join(repoRoot, 'test/golden/landing');
    const [system] = readdirSync(golden).sort();
    const [feed] = readdirSync(join(golden, system ?? '')).sort();
    const [file] = readdirSync(join(golden, system ?? '', feed ?? '')).sort();
    const key = `${system}/${feed}/${file}`;
    const ingest = JSON.parse(cli('ingest', join(golden, key), '--json')) as { outcome: string }[];
    expect(ingest.map((r) => r.outcome)).toEqual(['duplicate']);
    // The view re-reads the lake; the warehouse needs no rebuild for the audit log.
    const redelivered = await readers();
    expect(redelivered.staged).toHaveLength(before.staged.length + 1);
    expect(redelivered.staged.filter((r) => r.source_key === key).map((r) => r.outcome)).toContain('duplicate');
    const attempts = (r: typeof before) => r.status.feeds.find((f) => f.feed === `${system}/${feed}`)?.attempts;
    expect(attempts(redelivered)).toBe((attempts(before) ?? 0) + 1);

    cli('compact');
    expect(auditFiles().every((f) => f.includes('/compacted-'))).toBe(true);
    expect(await readers()).toEqual(redelivered);
  });
});
