/**
 * The ingest core: one landed feed file → validated Parquet in the lake, rejected rows in
 * quarantine, and one audit record. Shared by the Lambda handler and the `opslake ingest` CLI.
 *
 * Guarantees:
 * - every input row ends in the lake or in quarantine with its reason (rows in = valid + rejected);
 * - output keys derive from the content hash, so re-delivering a file overwrites, never duplicates;
 * - memory is bounded whatever the file size: rows stream through in record batches and spill to
 *   staged Parquet parts (see partition-writer.ts), rejections spill to staged NDJSON parts;
 * - outputs are published whole (atomic writes), and the ledger entry that marks a file done is
 *   written last, so a crash mid-way is simply redone by the next attempt.
 */
import { randomUUID } from 'node:crypto';
import type { IngestOutcome } from '../../schemas/audit.js';
import { type FeedContract, type Row, type RuleParams, rowSchema } from '../../schemas/contract.js';
import { contractFor } from '../../schemas/index.js';
import { quarantinedFileKey, quarantineReasonKey } from '../../schemas/lake-layout.js';
import { liveAttempts, stagingPrefixOf } from './attempts.js';
import { type AuditRecord, auditWriter } from './audit.js';
import { CsvColumnDecoder } from './column-decoder.js';
import { type CsvRecordTable, recordFields, scanCsv } from './csv-reader.js';
import { DuplicateKeys, PrimaryKeyBytes } from './duplicate-keys.js';
import { attemptFailureKind, FileRejection } from './errors.js';
import { scanNdjson } from './ndjson-reader.js';
import { PartitionWriter } from './partition-writer.js';
import { publishVersion, recoverKey } from './publish.js';
import { QuarantineRows, type RejectedRow } from './quarantine-rows.js';
import { HashingTap, type HeaderReport, lines, matchHeader, plainBytes } from './record-source.js';
import { loadSiteTimezones } from './site-timezones.js';
import { type Buckets, ObjectNotFound, UnreadableObject } from './storage/port.js';

export { lakeKey } from './partition-writer.js';
export type { RejectedRow } from './quarantine-rows.js';

export interface IngestOptions {
  readonly buckets: Buckets;
  /** Key of the file in the landing bucket: `<system>/<feed>/<file>`. */
  readonly key: string;
  /**
   * IANA timezone by site id, for timestamps delivered without a UTC offset. When absent they are
   * read from the lake's `reference/sites` table.
   */
  readonly siteTimezones?: ReadonlyMap<string, string>;
  /**
   * The S3 event sequencer of the object version this ingest was triggered for. Events for one key
   * can arrive out of order and ingests can overlap; an ingest whose sequencer is older than the
   * one already recorded for the key publishes nothing (`superseded`).
   */
  readonly sequencer?: string;
  readonly now?: () => Date;
  /** Rows per Arrow record batch. */
  readonly batchRows?: number;
  /** Rows held in memory across all partitions before the largest spills to a staged part. */
  readonly bufferRows?: number;
  /** Partitions holding buffers at once before the fullest are written out (partition-writer.ts). */
  readonly maxOpenPartitions?: number;
  /** Distinct primary keys remembered exactly for the duplicate check (see duplicate-keys.ts). */
  readonly keyCapacity?: number;
  /** How many rejections `IngestResult.rejections` carries; the quarantine always holds all. */
  readonly reportLimit?: number;
}

export type { IngestOutcome as Outcome } from '../../schemas/audit.js';

export interface IngestResult extends AuditRecord {
  /** The first `reportLimit` rejections (all of them for ordinary files). */
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

const describe = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);

const hasTimestamps = (contract: FeedContract) =>
  Object.values(contract.columns).some((spec) => spec.kind === 'timestamp');

export async function ingestFile(options: IngestOptions): Promise<IngestResult> {
  const { buckets, key } = options;
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const ingestId = `${started.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
  const stagingPrefix = stagingPrefixOf(ingestId);
  const tap = new HashingTap();
  const warnings: string[] = [];
  let contract: FeedContract | undefined;
  let writer: PartitionWriter | undefined;
  let quarantine: QuarantineRows | undefined;
  let rowsIn = 0;
  let rowsValid = 0;
  /** While the file's bytes are read: errors then are the file's unless the store failed (fileRejectionOf). */
  let reading = false;

  const auditRecord = (outcome: IngestOutcome, reason: string | null, outputFiles: number): AuditRecord => ({
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
    output_files: outputFiles,
    started_at: started.getTime() * 1000,
    duration_ms: Math.round(performance.now() - startedMs),
  });
  const hooks = auditWriter(buckets.lake);
  const finish = async (outcome: IngestOutcome, reason: string | null, outputs: string[]): Promise<IngestResult> => {
    const record = auditRecord(outcome, reason, outputs.length);
    await hooks.writeAudit(record);
    return { ...record, rejections: quarantine?.reported ?? [] };
  };

  const discardStaged = async () => {
    await writer?.discard();
    await quarantine?.discard();
  };

  liveAttempts.add(ingestId);
  try {
    // An earlier attempt at this key that died mid-publish is rolled back (or finished) first.
    await recoverKey(buckets, key, hooks);
    contract = feedOfKey(key);
    const feed = contract;
    const timezones =
      options.siteTimezones ??
      (hasTimestamps(feed) ? await loadSiteTimezones(buckets.lake) : new Map<string, string>());
    const timezoneOf = (site: string) => timezones.get(site);
    const schema = rowSchema(feed, timezoneOf);
    const ingestedAt = started.getTime() * 1000;
    writer = new PartitionWriter(
      feed,
      buckets.lake,
      stagingPrefix,
      { sourceKey: key, ingestedAt },
      options.bufferRows,
      options.batchRows,
      options.maxOpenPartitions,
    );
    const rejected = new QuarantineRows(
      buckets.quarantine,
      stagingPrefix,
      { feed: feed.id, ingest_id: ingestId },
      options.reportLimit,
    );
    quarantine = rejected;
    const duplicates = new DuplicateKeys(options.keyCapacity);
    const keyBytes = new PrimaryKeyBytes(feed);
    const pk = feed.primaryKey;
    const onHeader = (report: HeaderReport) => {
      if (report.extraColumns.length > 0) {
        warnings.push(
          `dropped column(s) not in contract ${feed.id}@${feed.version}: ${report.extraColumns.join(', ')}`,
        );
      }
    };

    // Rejections are rare: an async call each is fine. Valid rows have no await in their path.
    const reject = async (rejection: RejectedRow) => {
      if (rejected.add(rejection)) await rejected.spill();
    };
    /** The contract's zod schema is the error channel: it names every issue of a row, or normalises it. */
    const validate = async (values: Record<string, unknown>, row: number): Promise<Row | undefined> => {
      const parsed = schema.safeParse(values);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        const column = issue.path.length > 0 ? String(issue.path[0]) : null;
        await reject({
          file: key,
          row,
          column,
          rule: ((issue as { params?: RuleParams }).params?.rule ?? issue.code) as string,
          message: issue.message,
          value: column === null ? null : describe(values[column]),
        });
      }
      return undefined;
    };
    const rejectDuplicate = async (normalised: Row, row: number, firstRow: number) => {
      const parts = pk.map((c) => String(normalised[c]));
      await reject({
        file: key,
        row,
        column: pk.join(','),
        rule: 'duplicate_primary_key',
        message: `primary key (${pk.join(', ')}) = (${parts.join(', ')}) already seen at row ${firstRow}; the first occurrence is kept`,
        value: parts.join(','),
      });
    };
    /** A valid row that took the row-at-a-time path. */
    const accept = async (normalised: Row, row: number) => {
      keyBytes.ofRow(normalised);
      const firstRow = duplicates.check(keyBytes.bytes, 0, keyBytes.length, row);
      if (firstRow >= 0) return rejectDuplicate(normalised, row, firstRow);
      rowsValid++;
      normalised._source_key = key;
      normalised._source_row = row;
      normalised._ingested_at = ingestedAt;
      if (writer?.push(normalised)) await writer.spill();
    };

    /**
     * Record `r` of a table, CSV or NDJSON: valid rows go from bytes to column buffers
     * (column-decoder.ts), the rest through zod. Returns a promise only when it must wait (a
     * rejection, a spill), so the valid rows' path has no await.
     */
    const take = (decoder: CsvColumnDecoder, table: CsvRecordTable, r: number, row: number) => {
      if (!decoder.parse(table, r)) {
        const values = decoder.rawValues(table, r);
        return validate(values, row).then((normalised) => (normalised ? accept(normalised, row) : undefined));
      }
      let firstRow: number;
      if (keyBytes.singleText) {
        firstRow = duplicates.check(decoder.keyBytes, decoder.keyStart, decoder.keyEnd, row);
      } else {
        decoder.primaryKey(keyBytes);
        firstRow = duplicates.check(keyBytes.bytes, 0, keyBytes.length, row);
      }
      if (firstRow >= 0) {
        const normalised = schema.safeParse(decoder.rawValues(table, r));
        return normalised.success ? rejectDuplicate(normalised.data, row, firstRow) : undefined;
      }
      rowsValid++;
      return writer?.pushDecoded(decoder, row) ? writer.spill() : undefined;
    };

    reading = true;
    const { format, bytes } = plainBytes(key, tap.tap(buckets.landing.read(key)));
    if (format === 'csv') {
      let decoder: CsvColumnDecoder | undefined;
      let width = 0;
      for await (const table of scanCsv(bytes, ',', feed.maxRecordBytes)) {
        for (let r = 0; r < table.count; r++) {
          const row = table.row[r] as number;
          if (decoder === undefined) {
            const header = recordFields(table, r);
            const mapping = matchHeader(feed, header);
            onHeader(mapping);
            width = header.length;
            decoder = new CsvColumnDecoder(feed, mapping.indexOf, timezoneOf);
            continue;
          }
          rowsIn++;
          const fields = (table.firstField[r + 1] as number) - (table.firstField[r] as number);
          if (fields !== width) {
            await reject({
              file: key,
              row,
              column: null,
              rule: 'field_count',
              message: `expected ${width} fields as in the header, found ${fields}`,
              value: recordFields(table, r).join(','),
            });
            continue;
          }
          const waiting = take(decoder, table, r, row);
          if (waiting) await waiting;
        }
      }
      if (decoder === undefined) throw new FileRejection('empty_file', 'the file has no header row');
    } else {
      // Each line's members in contract column order: the same decoder, identity field mapping.
      const decoder = new CsvColumnDecoder(feed, new Map(feed.columnNames.map((c, i) => [c, i])), timezoneOf);
      for await (const table of scanNdjson(feed, lines(bytes, feed.maxRecordBytes), onHeader)) {
        for (let r = 0; r < table.count; r++) {
          const row = table.row[r] as number;
          rowsIn++;
          const problem = table.problems[r];
          if (problem) {
            await reject({
              file: key,
              row,
              column: null,
              rule: problem.rule,
              message: problem.message,
              value: problem.raw,
            });
            continue;
          }
          const waiting = take(decoder, table, r, row);
          if (waiting) await waiting;
        }
      }
    }
    for (const warning of [duplicates.warning(), writer.warning()]) if (warning) warnings.push(warning);

    if (tap.bytes === 0) throw new FileRejection('empty_file', 'the file is empty (0 bytes)');
    reading = false;
    const contentHash = tap.hash.copy().digest('hex');

    const published = await publishVersion({
      stores: buckets,
      key,
      ingestId,
      contentHash,
      rowsValid,
      rowsRejected: rowsIn - rowsValid,
      staging: stagingPrefix,
      ...(options.sequencer ? { sequencer: options.sequencer } : {}),
      staged: {
        outputKeys: (name) => ({ outputs: writer?.outputKeys(name) ?? [], rejects: rejected.outputKeys(feed, name) }),
        write: async (name) => {
          await writer?.publish(name);
          await rejected.publish(feed, name);
        },
      },
      auditOf: (outputFiles, published) => {
        warnings.push(...published);
        return auditRecord(rowsValid === rowsIn ? 'loaded' : 'partial', null, outputFiles);
      },
      hooks,
    });
    if (published.outcome === 'published') return { ...published.audit, rejections: rejected.reported };
    await discardStaged();
    return finish(published.outcome, published.reason, []);
  } catch (caught) {
    if (caught instanceof ObjectNotFound && caught.key === key) {
      return finish('missing', `${key} was deleted before it could be read`, []);
    }
    const error = fileRejectionOf(caught, key, reading);
    if (!error) {
      // Best effort: staged parts are invisible to readers anyway, and the retry writes its own.
      await discardStaged().catch(() => undefined);
      throw caught;
    }
    await discardStaged();
    const rejection =
      error.rule === 'empty_file' && tap.bytes === 0
        ? new FileRejection('empty_file', 'the file is empty (0 bytes)')
        : error;
    await quarantineWholeFile(buckets, key, rejection);
    // A file rejected whole loads nothing: all its rows count as rejected.
    rowsValid = 0;
    return finish('rejected', `${rejection.rule}: ${rejection.message}`, []);
  } finally {
    liveAttempts.delete(ingestId);
  }
}

/**
 * The file rejection an error thrown by an attempt amounts to, or undefined when it is an attempt
 * failure (errors.ts) to retry. While the file is being read, anything that is not the storage
 * failing is the file's doing (a parser limit, a pathological input): retrying would fail again,
 * so it is rejected and audited instead of taking the run down.
 */
function fileRejectionOf(error: unknown, key: string, reading: boolean): FileRejection | undefined {
  if (error instanceof FileRejection) return error;
  if (error instanceof UnreadableObject && error.key === key) return new FileRejection('unreadable', error.why);
  if (reading && attemptFailureKind(error) === 'bug') {
    return new FileRejection('unparseable', `reading the file failed: ${(error as Error)?.message ?? String(error)}`);
  }
  return undefined;
}

/** Copies a file that cannot be ingested into quarantine (streamed), beside a note of why. */
async function quarantineWholeFile(buckets: Buckets, key: string, error: FileRejection): Promise<void> {
  // An unreadable file is not copied: it may be a symlink to something that is not opslake's.
  if (error.rule !== 'unreadable' && (await buckets.landing.stat(key))) {
    try {
      await buckets.quarantine.write(quarantinedFileKey(key), buckets.landing.read(key));
    } catch (copyError) {
      if (!(copyError instanceof ObjectNotFound || copyError instanceof UnreadableObject)) throw copyError;
    }
  }
  await buckets.quarantine.write(
    quarantineReasonKey(key),
    JSON.stringify({ key, rule: error.rule, message: error.message }, null, 2),
  );
}
