/**
 * The build fingerprint (functions/local/build-fingerprint.ts): equal for an untouched workspace,
 * different after any change a build would see — a lake or quarantine file added, replaced or
 * touched, a project file edited (by content, whatever its mtime), other options — and blind to
 * the project's own output directories. A record only counts while the warehouse it published is
 * still in place.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BUILD_RECORD_FILE,
  type BuildRecord,
  buildFingerprint,
  fileIdentity,
  readBuildRecord,
  upToDateRecord,
  writeBuildRecord,
} from '../../functions/local/build-fingerprint.js';
import { writeSchemaFiles } from '../../functions/local/lake-bootstrap.js';
import { type Workspace, workspace } from '../../functions/local/workspace.js';

const root = mkdtempSync(join(tmpdir(), 'opslake-fingerprint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let ws: Workspace;
let projectDir: string;
let n = 0;
const ARGS = ['build'];

const put = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
const fingerprint = (args = ARGS, target = 'local') => buildFingerprint(ws, { args, target, projectDir });

beforeEach(() => {
  const home = join(root, `ws-${n++}`);
  ws = workspace(home);
  projectDir = join(home, 'project');
  put(join(projectDir, 'dbt_project.yml'), "name: 'probe'\n");
  put(join(projectDir, 'models/staging/stg_a.sql'), 'select 1 as a\n');
  put(join(ws.lakeDir, 'raw/wms/order_events/v1/site=S1/dt=2026-01-01/part-a.parquet'), 'PAR1 a');
  put(join(ws.buckets.quarantine.root, 'rows/2026-01-01/x.ndjson'), '{"row":1}\n');
  put(ws.warehouse, 'a warehouse');
});

describe('buildFingerprint', () => {
  it('is the same for an untouched workspace', () => {
    expect(fingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint()).toBe(fingerprint());
  });

  it('changes when a lake file is added', () => {
    const before = fingerprint();
    put(join(ws.lakeDir, 'raw/wms/order_events/v1/site=S1/dt=2026-01-02/part-b.parquet'), 'PAR1 b');
    expect(fingerprint()).not.toBe(before);
  });

  it('changes when a lake file is replaced by one of the same size (rename over it)', () => {
    const file = join(ws.lakeDir, 'raw/wms/order_events/v1/site=S1/dt=2026-01-01/part-a.parquet');
    const before = fingerprint();
    const { mtime } = statSync(file);
    writeFileSync(`${file}.tmp`, 'PAR1 z');
    utimesSync(`${file}.tmp`, mtime, mtime);
    renameSync(`${file}.tmp`, file);
    expect(fingerprint()).not.toBe(before);
  });

  it('changes when a file is rewritten in place with the same size but a new mtime', () => {
    const file = join(ws.buckets.quarantine.root, 'rows/2026-01-01/x.ndjson');
    const before = fingerprint();
    writeFileSync(file, '{"row":2}\n');
    utimesSync(file, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(fingerprint()).not.toBe(before);
  });

  it('changes when a quarantine file is added or a lake file removed', () => {
    const before = fingerprint();
    put(join(ws.buckets.quarantine.root, 'rows/2026-01-02/y.ndjson'), '{}\n');
    const added = fingerprint();
    expect(added).not.toBe(before);
    rmSync(join(ws.lakeDir, 'raw/wms/order_events/v1/site=S1/dt=2026-01-01/part-a.parquet'));
    expect(fingerprint()).not.toBe(added);
  });

  it('reads project files by content: an edit counts even when the mtime is put back', () => {
    const model = join(projectDir, 'models/staging/stg_a.sql');
    const before = fingerprint();
    const { atime, mtime } = statSync(model);
    writeFileSync(model, 'select 2 as a\n');
    utimesSync(model, atime, mtime);
    expect(fingerprint()).not.toBe(before);
  });

  it("ignores the project's own outputs (target/, logs/) but not a new model", () => {
    const before = fingerprint();
    put(join(projectDir, 'target/manifest.json'), '{}');
    put(join(projectDir, 'logs/run.log'), 'log line');
    expect(fingerprint()).toBe(before);
    put(join(projectDir, 'models/marts/fct_b.sql'), 'select 1 as b\n');
    expect(fingerprint()).not.toBe(before);
  });

  it('changes with the command line and the target', () => {
    const before = fingerprint();
    expect(fingerprint(['build', '--select', 'stg_a'])).not.toBe(before);
    expect(fingerprint(ARGS, 'aws')).not.toBe(before);
  });

  it('is unchanged by a second writeSchemaFiles: the bootstrap rewrites nothing that is current', async () => {
    await writeSchemaFiles(ws.buckets);
    const before = fingerprint();
    await writeSchemaFiles(ws.buckets);
    expect(fingerprint()).toBe(before);
  });
});

describe('upToDateRecord', () => {
  const recordFor = (print: string): BuildRecord => ({
    fingerprint: print,
    warehouse: fileIdentity(ws.warehouse) as NonNullable<ReturnType<typeof fileIdentity>>,
    finishedAt: '2026-12-04T18:00:00.000Z',
    line: 'build: 1 success in 1.0 s; warehouse updated',
  });

  it('returns the record read back when the fingerprint matches and the warehouse is the one it published', async () => {
    const print = fingerprint();
    await writeBuildRecord(ws, recordFor(print));
    const record = await readBuildRecord(ws);
    expect(record).toEqual(recordFor(print));
    expect(upToDateRecord(ws, record, print)).toEqual(record);
  });

  it('returns nothing for another fingerprint, no record, or a replaced or missing warehouse', async () => {
    const print = fingerprint();
    const record = recordFor(print);
    expect(upToDateRecord(ws, record, fingerprint(['build', '--full-refresh']))).toBeUndefined();
    expect(upToDateRecord(ws, undefined, print)).toBeUndefined();
    writeFileSync(`${ws.warehouse}.new`, 'a warehouse');
    renameSync(`${ws.warehouse}.new`, ws.warehouse);
    expect(upToDateRecord(ws, record, print)).toBeUndefined();
    rmSync(ws.warehouse);
    expect(upToDateRecord(ws, record, print)).toBeUndefined();
  });

  it('treats a torn record file as no record', async () => {
    writeFileSync(join(ws.home, BUILD_RECORD_FILE), '{"fingerprint": "ab');
    expect(await readBuildRecord(ws)).toBeUndefined();
  });
});
