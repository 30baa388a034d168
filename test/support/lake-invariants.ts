/**
 * The ingest's promises as checks over any Buckets (a local directory or moto's S3): every visible
 * file is owned by a ledger entry, and for every key the rows in the lake plus the rows in
 * quarantine equal the audit's rows_in of the version that stands.
 */
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { expect } from 'vitest';
import { STAGING_PREFIX, stagingAbandoned } from '../../functions/core/attempts.js';
import type { AuditRecord } from '../../functions/core/audit.js';
import { decodeAuditFile } from '../../functions/core/audit-compaction.js';
import { ownedBy, parseEntry, SOURCE_LEDGER_PREFIX, type SourceEntry } from '../../functions/core/ledger.js';
import { compactedFilesOf, type PartitionEntry } from '../../functions/core/partition-ledger.js';
import { type Buckets, readAll } from '../../functions/core/storage/port.js';
import { auditDayPrefix, PARTITION_LEDGER_PREFIX, QUARANTINE_ROWS_SCHEMA_KEY } from '../../schemas/lake-layout.js';
import { utcDayOfMicros } from '../../schemas/values.js';

const LAKE_OUTPUT = /^raw\/[^/]+\/[^/]+\/site=[^/]+\/dt=[^/]+\/[^/]+\.parquet$/;

async function listKeys(store: Buckets['lake'], prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of store.list(prefix)) found.push(object.key);
  return found.sort();
}

export async function parquetRows(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const table = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  return table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
}

export async function ledgerEntries(buckets: Buckets): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  for (const key of await listKeys(buckets.lake, SOURCE_LEDGER_PREFIX)) {
    entries.push(parseEntry(Buffer.from(await readAll(buckets.lake, key)).toString('utf8')));
  }
  return entries;
}

/** Every partition's compaction entry (`opslake compact`, core/partition-ledger.ts). */
export async function compactionEntries(buckets: Buckets): Promise<PartitionEntry[]> {
  const entries: PartitionEntry[] = [];
  for (const key of await listKeys(buckets.lake, PARTITION_LEDGER_PREFIX)) {
    entries.push(JSON.parse(Buffer.from(await readAll(buckets.lake, key)).toString('utf8')) as PartitionEntry);
  }
  return entries;
}

/**
 * Lake outputs and quarantine parts that no entry owns: no source entry's committed, pending or
 * retired version, and no compaction entry.
 */
export async function unownedFiles(buckets: Buckets): Promise<string[]> {
  const entries = await ledgerEntries(buckets);
  const owned = ownedBy(...entries.flatMap((e) => [e.committed, e.pending, e.retired]));
  for (const entry of await compactionEntries(buckets))
    for (const file of compactedFilesOf(entry)) owned.lake.add(file);
  const lake = (await listKeys(buckets.lake, 'raw/')).filter((k) => LAKE_OUTPUT.test(k) && !owned.lake.has(k));
  const rows = (await listKeys(buckets.quarantine, 'rows/')).filter(
    (k) => k !== QUARANTINE_ROWS_SCHEMA_KEY && !owned.quarantine.has(k),
  );
  return [...lake, ...rows];
}

/**
 * The audit records of `record`'s day with its ingest id, from its own file or a compacted one
 * (`opslake compact`): one when the log is settled, two only mid-compaction.
 */
export async function auditRecordsOf(buckets: Buckets, record: AuditRecord): Promise<AuditRecord[]> {
  const found: AuditRecord[] = [];
  for (const key of await listKeys(buckets.lake, auditDayPrefix(utcDayOfMicros(record.started_at)))) {
    const records = await decodeAuditFile(await readAll(buckets.lake, key));
    if (typeof records === 'string') throw new Error(`${key}: ${records}`);
    found.push(...records.filter((r) => r.ingest_id === record.ingest_id));
  }
  return found;
}

/** What stands in the lake for one landing key: ids in the lake, (row, rule) in quarantine. */
export interface StandingVersion {
  readonly ids: string[];
  readonly quarantinedRows: number[];
}

/**
 * The compaction entries, all at rest, with the rows of their compacted files: each member is a
 * version that stands, and each file holds exactly its members' rows. `absorbed`: the ingest
 * outputs whose rows are read from a compacted file now (and so are gone themselves).
 */
async function settledCompactions(buckets: Buckets, entries: readonly SourceEntry[]) {
  const standing = new Map(entries.map((e) => [e.key, e.committed?.ingestId]));
  const files = new Map<string, Record<string, unknown>[]>();
  const absorbed = new Set<string>();
  for (const entry of await compactionEntries(buckets)) {
    expect(entry.pending, `compaction intent left on ${entry.partition}`).toBeUndefined();
    expect(entry.settling, `compaction settling left on ${entry.partition}`).toBeUndefined();
    const version = entry.committed;
    if (!version?.file) {
      expect(version?.members ?? []).toEqual([]);
      continue;
    }
    for (const member of version.members) {
      expect(standing.get(member.key), `${member.key} in ${version.file} is the version that stands`).toBe(
        member.ingestId,
      );
      absorbed.add(member.output);
    }
    const rows = await parquetRows(await readAll(buckets.lake, version.file));
    const count = (key: string) => rows.filter((r) => r._source_key === key).length;
    expect(version.members.map((m) => count(m.key))).toEqual(version.members.map((m) => m.rows));
    expect(rows).toHaveLength(version.members.reduce((n, m) => n + m.rows, 0));
    files.set(version.file, rows);
  }
  return { files, absorbed };
}

/**
 * The lake is settled and consistent: no intent or settling left, no staging, visible files are
 * exactly the committed versions' files — or, for outputs merged by `opslake compact`, their
 * partition's compacted file — and each key's lake + quarantine rows = its audit rows_in,
 * with its audit record in the log once. Returns what stands per key.
 */
export async function expectConsistent(
  buckets: Buckets,
  idColumn: string,
  options: { abandonedStaging?: boolean } = {},
): Promise<Map<string, StandingVersion>> {
  const entries = await ledgerEntries(buckets);
  for (const entry of entries) {
    expect(entry.pending, `intent left on ${entry.key}`).toBeUndefined();
    expect(entry.settling, `settling left on ${entry.key}`).toBeFalsy();
  }
  for (const store of [buckets.lake, buckets.quarantine]) {
    const staging = await listKeys(store, STAGING_PREFIX);
    if (!options.abandonedStaging) expect(staging).toEqual([]);
    for (const key of staging)
      expect(stagingAbandoned(key.slice(STAGING_PREFIX.length).split('/')[0] ?? '')).toBe(true);
  }
  const committed = entries.flatMap((e) => (e.committed ? [e.committed] : []));
  const compacted = await settledCompactions(buckets, entries);
  const lakeOutputs = (await listKeys(buckets.lake, 'raw/')).filter((k) => LAKE_OUTPUT.test(k));
  const expectedOutputs = [
    ...committed.flatMap((v) => v.outputs).filter((output) => !compacted.absorbed.has(output)),
    ...compacted.files.keys(),
  ];
  expect(lakeOutputs).toEqual(expectedOutputs.sort());
  // The empty file a local build writes for DuckDB's glob is no part: no ledger entry owns it.
  const parts = (await listKeys(buckets.quarantine, 'rows/')).filter((k) => k !== QUARANTINE_ROWS_SCHEMA_KEY);
  expect(parts).toEqual(committed.flatMap((v) => v.rejects).sort());
  const standing = new Map<string, StandingVersion>();
  for (const entry of entries) {
    const version = entry.committed;
    if (!version?.audit) continue;
    const ids: string[] = [];
    for (const output of version.outputs.filter((o) => !compacted.absorbed.has(o))) {
      for (const row of await parquetRows(await readAll(buckets.lake, output))) {
        expect(row._source_key).toBe(entry.key);
        ids.push(String(row[idColumn]));
      }
    }
    for (const rows of compacted.files.values()) {
      for (const row of rows) if (row._source_key === entry.key) ids.push(String(row[idColumn]));
    }
    const quarantined = new Set<number>();
    for (const part of version.rejects) {
      for (const line of Buffer.from(await readAll(buckets.quarantine, part))
        .toString('utf8')
        .split('\n')) {
        if (line) quarantined.add((JSON.parse(line) as { row: number }).row);
      }
    }
    const audit = version.audit;
    expect(ids.length + quarantined.size, `lake + quarantine = rows_in for ${entry.key}`).toBe(audit.rows_in);
    expect(ids.length).toBe(audit.rows_valid);
    expect(await auditRecordsOf(buckets, audit)).toEqual([audit]);
    standing.set(entry.key, { ids: ids.sort(), quarantinedRows: [...quarantined].sort((a, b) => a - b) });
  }
  return standing;
}
