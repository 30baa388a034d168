/**
 * The stage stage: valid rows and rejections of one attempt → staged parts, invisible to readers.
 *
 * Valid rows are buffered per site × day partition within the memory budget and spill to Parquet
 * parts under the attempt's `_staging/` prefix (partition-writer.ts); rejections spill to NDJSON
 * parts in quarantine staging (quarantine-rows.ts). Nothing lands under a final key here: that is
 * publish's, once the content hash names the version (publish.ts, `StagedFile`).
 */
import type { FeedContract, Row } from '../../../schemas/contract.js';
import type { CsvColumnDecoder } from '../column-decoder.js';
import { PartitionWriter } from '../partition-writer.js';
import type { StagedFile } from '../publish.js';
import { QuarantineRows, type RejectedRow } from '../quarantine-rows.js';
import type { Buckets } from '../storage/port.js';
import type { RowSink } from './validate.js';

export interface StageRequest {
  readonly feed: FeedContract;
  readonly buckets: Pick<Buckets, 'lake' | 'quarantine'>;
  readonly key: string;
  readonly ingestId: string;
  /** The attempt's staging prefix in both stores (attempts.ts). */
  readonly stagingPrefix: string;
  /** `_ingested_at` of every row, epoch µs. */
  readonly ingestedAt: number;
  /** Rows per Arrow record batch. */
  readonly batchRows?: number;
  /** Rows held in memory across all partitions before the largest spills. */
  readonly bufferRows?: number;
  /** Partitions holding buffers at once before the fullest are written out. */
  readonly maxOpenPartitions?: number;
  /** How many rejections `reported` keeps; the quarantine always holds all. */
  readonly reportLimit?: number;
}

export class StagedRows implements RowSink, StagedFile {
  private readonly writer: PartitionWriter;
  private readonly rejected: QuarantineRows;
  private readonly feed: FeedContract;
  private readonly key: string;
  private readonly ingestedAt: number;

  constructor(request: StageRequest) {
    this.feed = request.feed;
    this.key = request.key;
    this.ingestedAt = request.ingestedAt;
    this.writer = new PartitionWriter(
      request.feed,
      request.buckets.lake,
      request.stagingPrefix,
      { sourceKey: request.key, ingestedAt: request.ingestedAt },
      request.bufferRows,
      request.batchRows,
      request.maxOpenPartitions,
    );
    this.rejected = new QuarantineRows(
      request.buckets.quarantine,
      request.stagingPrefix,
      {
        feed: request.feed.id,
        ingest_id: request.ingestId,
        ingested_at: new Date(request.ingestedAt / 1000).toISOString(),
      },
      request.reportLimit,
    );
  }

  pushDecoded(decoder: CsvColumnDecoder, sourceRow: number): Promise<void> | undefined {
    return this.writer.pushDecoded(decoder, sourceRow) ? this.writer.spill() : undefined;
  }

  push(row: Row, sourceRow: number): Promise<void> | undefined {
    row._source_key = this.key;
    row._source_row = sourceRow;
    row._ingested_at = this.ingestedAt;
    return this.writer.push(row) ? this.writer.spill() : undefined;
  }

  // Rejections are rare: an async call each is fine.
  async reject(rejection: RejectedRow): Promise<void> {
    if (this.rejected.add(rejection)) await this.rejected.spill();
  }

  /** A digest of which rows failed which rules (publish.ts tells a replay from a duplicate by it). */
  get rejectsDigest(): string {
    return this.rejected.digest();
  }

  /** The first rejections (all of them for ordinary files). */
  get reported(): readonly RejectedRow[] {
    return this.rejected.reported;
  }

  /** Why the file was written in many small parts, if it was. */
  warning(): string | undefined {
    return this.writer.warning();
  }

  outputKeys(name: string): { outputs: string[]; rejects: string[] } {
    return { outputs: this.writer.outputKeys(name), rejects: this.rejected.outputKeys(this.feed, name) };
  }

  async write(name: string): Promise<void> {
    await this.writer.publish(name);
    await this.rejected.publish(this.feed, name);
  }

  /** Deletes every staged part (the file turned out a duplicate, or was rejected). */
  async discard(): Promise<void> {
    await this.writer.discard();
    await this.rejected.discard();
  }
}
