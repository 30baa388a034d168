/**
 * The ingest core: one landed feed file → validated Parquet in the lake, rejected rows in
 * quarantine, and one audit record. Shared by the Lambda handler and the `opslake ingest` CLI.
 *
 * Guarantees:
 * - every input row ends in the lake or in quarantine with its reason (rows in = valid + rejected);
 * - output keys derive from the content hash, so re-delivering a file overwrites, never duplicates;
 * - outputs are published whole (atomic writes), and the ledger entry that marks a file done is
 *   written last, so a crash mid-way is simply redone by the next attempt.
 */
import { randomUUID } from 'node:crypto';
import type * as arrow from 'apache-arrow';
import { type FeedContract, partitionDay, type Row, type RuleParams, rowSchema } from '../../schemas/contract.js';
import { contractFor } from '../../schemas/index.js';
import { BatchBuilder } from './arrow-batch.js';
import { type AuditRecord, auditKey, writeAudit } from './audit.js';
import { FileRejection } from './errors.js';
import { toParquet } from './parquet-writer.js';
import { HashingTap, type HeaderReport, sourceRecords } from './record-source.js';
import { type Buckets, ObjectNotFound, readAll } from './storage/port.js';

export interface IngestOptions {
  readonly buckets: Buckets;
  /** Key of the file in the landing bucket: `<system>/<feed>/<file>`. */
  readonly key: string;
  /** IANA timezone by site id, for timestamps delivered without a UTC offset. */
  readonly siteTimezones?: ReadonlyMap<string, string>;
  readonly now?: () => Date;
  /** Rows per Arrow record batch. */
  readonly batchRows?: number;
}

export type Outcome = 'loaded' | 'partial' | 'rejected' | 'duplicate' | 'missing';

export interface RejectedRow {
  readonly file: string;
  readonly row: number;
  readonly column: string | null;
  readonly rule: string;
  readonly message: string;
  readonly value: string | null;
}

export interface IngestResult extends AuditRecord {
  readonly rejections: readonly RejectedRow[];
}

/** The landing key's feed: `<system>/<feed>/<anything>`. */
export function feedOfKey(key: string): FeedContract {
  const [system, feed, ...rest] = key.split('/');
  if (!system || !feed || rest.length === 0) {
    throw new FileRejection('unknown_feed', `"${key}" is not under <system>/<feed>/; cannot tell which feed it is`);
  }
  const contract = contractFor(system, feed);
  if (!contract) throw new FileRejection('unknown_feed', `no contract for feed ${system}/${feed} (from key "${key}")`);
  return contract;
}

/** Where a file's rows for one partition land in the lake. */
export function lakeKey(contract: FeedContract, site: string, day: string, contentHash: string): string {
  return `raw/${contract.system}/${contract.feed}/site=${encodeURIComponent(site)}/dt=${day}/${contentHash}.parquet`;
}

const ledgerKey = (contentHash: string) => `_ledger/content/${contentHash}.json`;
const sourceLedgerKey = (key: string) => `_ledger/source/${encodeURIComponent(key)}.json`;

interface LedgerEntry {
  readonly key: string;
  readonly contentHash: string;
  readonly outputs: string[];
  readonly ingestId: string;
}

async function readJson<T>(store: Buckets['lake'], key: string): Promise<T | undefined> {
  if (!(await store.stat(key))) return undefined;
  return JSON.parse(Buffer.from(await readAll(store, key)).toString('utf8')) as T;
}

const describe = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);

export async function ingestFile(options: IngestOptions): Promise<IngestResult> {
  const { buckets, key } = options;
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const ingestId = `${started.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
  const tap = new HashingTap();
  const rejections: RejectedRow[] = [];
  const warnings: string[] = [];
  let contract: FeedContract | undefined;
  let rowsIn = 0;
  let rowsValid = 0;
  const partitions = new Map<
    string,
    { site: string; day: string; builder: BatchBuilder; batches: arrow.RecordBatch[] }
  >();

  const finish = async (outcome: Outcome, reason: string | null, outputs: string[]): Promise<IngestResult> => {
    const record: AuditRecord = {
      ingest_id: ingestId,
      source_key: key,
      feed: contract?.id ?? null,
      contract_version: contract?.version ?? null,
      bytes: tap.bytes,
      content_hash: tap.bytes > 0 || outcome !== 'missing' ? tap.hash.copy().digest('hex') : null,
      rows_in: rowsIn,
      rows_valid: rowsValid,
      rows_rejected: rowsIn - rowsValid,
      outcome,
      reason,
      warnings: warnings.length > 0 ? warnings.join('; ') : null,
      output_files: outputs.length,
      started_at: started.getTime() * 1000,
      duration_ms: Math.round(performance.now() - startedMs),
    };
    await writeAudit(buckets.lake, auditKey(record), record);
    return { ...record, rejections };
  };

  try {
    contract = feedOfKey(key);
    const timezones = options.siteTimezones ?? new Map<string, string>();
    const schema = rowSchema(contract, (site) => timezones.get(site));
    const seenKeys = new Map<string, number>();
    const pk = contract.primaryKey;
    const siteColumn = contract.partitionBy.site;
    const fileName = key;
    const onHeader = (report: HeaderReport) => {
      if (report.extraColumns.length > 0) {
        warnings.push(
          `dropped column(s) not in contract ${contract?.id}@${contract?.version}: ${report.extraColumns.join(', ')}`,
        );
      }
    };

    for await (const record of sourceRecords(contract, key, tap.tap(buckets.landing.read(key)), onHeader)) {
      rowsIn++;
      if (record.problem) {
        rejections.push({
          file: fileName,
          row: record.row,
          column: null,
          rule: record.problem.rule,
          message: record.problem.message,
          value: record.problem.raw,
        });
        continue;
      }
      const parsed = schema.safeParse(record.values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const column = issue.path.length > 0 ? String(issue.path[0]) : null;
          rejections.push({
            file: fileName,
            row: record.row,
            column,
            rule: ((issue as { params?: RuleParams }).params?.rule ?? issue.code) as string,
            message: issue.message,
            value: column === null ? null : describe(record.values[column]),
          });
        }
        continue;
      }
      const row: Row = parsed.data;
      const primaryKey = pk.length === 1 ? String(row[pk[0] as string]) : pk.map((c) => String(row[c])).join('\u0001');
      const firstRow = seenKeys.get(primaryKey);
      if (firstRow !== undefined) {
        rejections.push({
          file: fileName,
          row: record.row,
          column: pk.join(','),
          rule: 'duplicate_primary_key',
          message: `primary key (${pk.join(', ')}) = (${primaryKey.replaceAll('\u0001', ', ')}) already seen at row ${firstRow}; the first occurrence is kept`,
          value: primaryKey.replaceAll('\u0001', ','),
        });
        continue;
      }
      seenKeys.set(primaryKey, record.row);
      rowsValid++;
      const site = row[siteColumn] as string;
      const day = partitionDay(contract, row);
      const partitionId = `${site}\u0001${day}`;
      let partition = partitions.get(partitionId);
      if (!partition) {
        partition = { site, day, builder: BatchBuilder.forContract(contract, options.batchRows), batches: [] };
        partitions.set(partitionId, partition);
      }
      row._source_key = key;
      row._source_row = record.row;
      row._ingested_at = started.getTime() * 1000;
      const full = partition.builder.push(row);
      if (full) partition.batches.push(full);
    }

    if (tap.bytes === 0) throw new FileRejection('empty_file', 'the file is empty (0 bytes)');
    const contentHash = tap.hash.copy().digest('hex');

    const done = await readJson<LedgerEntry>(buckets.lake, ledgerKey(contentHash));
    if (done) {
      return finish('duplicate', `same content as ${done.key}, already ingested by ${done.ingestId}`, []);
    }

    const outputs: string[] = [];
    for (const partition of partitions.values()) {
      const last = partition.builder.flush();
      if (last) partition.batches.push(last);
      const outKey = lakeKey(contract, partition.site, partition.day, contentHash.slice(0, 32));
      await buckets.lake.write(outKey, toParquet(partition.builder.schema, partition.batches));
      outputs.push(outKey);
    }
    if (rejections.length > 0) {
      const body = `${rejections.map((r) => JSON.stringify({ ...r, feed: contract?.id, ingest_id: ingestId })).join('\n')}\n`;
      await buckets.quarantine.write(
        `rows/${contract.system}/${contract.feed}/${contentHash.slice(0, 32)}.ndjson`,
        body,
      );
    }
    // A corrected file under the same name replaces the batch it delivered before.
    const previous = await readJson<LedgerEntry>(buckets.lake, sourceLedgerKey(key));
    if (previous && previous.contentHash !== contentHash) {
      for (const old of previous.outputs) if (!outputs.includes(old)) await buckets.lake.delete(old);
      warnings.push(`replaced ${previous.outputs.length} output file(s) of an earlier version of ${key}`);
    }
    const entry: LedgerEntry = { key, contentHash, outputs, ingestId };
    await buckets.lake.write(ledgerKey(contentHash), JSON.stringify(entry));
    await buckets.lake.write(sourceLedgerKey(key), JSON.stringify(entry));
    return finish(rowsValid === rowsIn ? 'loaded' : 'partial', null, outputs);
  } catch (error) {
    if (error instanceof ObjectNotFound) return finish('missing', `${key} was deleted before it could be read`, []);
    if (!(error instanceof FileRejection)) throw error;
    await quarantineWholeFile(buckets, key, error);
    // A file rejected whole loads nothing: all its rows count as rejected.
    rowsValid = 0;
    return finish('rejected', `${error.rule}: ${error.message}`, []);
  }
}

/** Copies a file that cannot be ingested into quarantine, beside a note of why. */
async function quarantineWholeFile(buckets: Buckets, key: string, error: FileRejection): Promise<void> {
  try {
    await buckets.quarantine.write(`files/${key}`, await readAll(buckets.landing, key));
  } catch (copyError) {
    if (!(copyError instanceof ObjectNotFound)) throw copyError;
  }
  await buckets.quarantine.write(
    `files/${key}.reason.json`,
    JSON.stringify({ key, rule: error.rule, message: error.message }, null, 2),
  );
}
