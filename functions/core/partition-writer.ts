/**
 * Bounded-memory output for one ingest: normalised rows → Arrow batches per lake partition →
 * Parquet, without holding a whole file's rows in memory.
 *
 * Rows are buffered per open partition (site × day). Memory is bounded two ways, whatever the
 * file's size or spread: the row slots held across all partitions (rows in finished batches plus
 * slots allocated for the batch being built) stay under `bufferRows`, and at most
 * `maxOpenPartitions` partitions hold buffers at once (each has fixed costs: one vector per column).
 * When either is passed, the partitions holding the most rows are written out as Parquet *parts*
 * to staging keys and closed (their buffers freed) until both are back under three quarters —
 * in rounds, so a file spread over tens of thousands of partitions costs a sort per round, not a
 * scan of every partition per row. Staging is needed because the
 * final keys derive from the content hash, known only when the last byte has been read.
 * `publish` then moves the staged parts to their final keys and writes whatever is still buffered
 * straight to its final key — a small file (the common case) never touches staging at all.
 *
 * Part numbering is deterministic for a given input, so a re-run (after a crash, or a concurrent
 * duplicate delivery) writes the same keys and overwrites rather than duplicates.
 */
import type * as arrow from 'apache-arrow';
import type { ColumnSpec, FeedContract, Row } from '../../schemas/contract.js';
import { partName, rawPartitionKey } from '../../schemas/lake-layout.js';
import { LINEAGE_COLUMNS } from '../../schemas/lineage.js';
import { formatDay, MICROS_PER_DAY } from '../../schemas/values.js';
import { BatchBuilder, VectorPool } from './arrow-batch.js';
import type { CsvColumnDecoder } from './column-decoder.js';
import type { ColumnVector } from './column-vector.js';
import { type ParquetLayout, ParquetScratch, toParquet } from './parquet/writer.js';
import type { ObjectStore } from './storage/port.js';
import { moveObject } from './storage/port.js';

/** Default row budget held in memory across all partitions of one file. */
export const DEFAULT_BUFFER_ROWS = 262_144;
/**
 * Default cap on partitions holding buffers at once. One open partition costs ~80 KB at its first
 * batch's size (16 columns × 256 slots); 20,000 of them open was 1.5 GiB.
 */
export const DEFAULT_MAX_OPEN_PARTITIONS = 1024;
/** An eviction round stops once slots and open partitions are back under this share of their caps. */
const EVICT_TO = 0.75;

interface Partition {
  readonly site: string;
  readonly day: string;
  readonly dayNumber: number;
  /** Present while the partition is open (holds buffered rows); opened again by its next row. */
  builder: BatchBuilder | undefined;
  batches: arrow.RecordBatch[];
  buffered: number;
  /** Staging keys of parts already written, in order. */
  readonly staged: string[];
}

/** A short code such as a currency: few values, cheap to compare, worth statistics. */
const isCode = (spec: ColumnSpec) => spec.kind === 'string' && spec.maxLength !== undefined && spec.maxLength <= 3;

/** Output files written at once when publishing: object stores reward parallel requests. */
const PUBLISH_CONCURRENCY = 4;

/** Runs async writes with at most `limit` in flight; the first failure is thrown by `add` or `done`. */
class WritePool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    if (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) {
      // Let the writes in flight land before reporting: whoever rolls back must see all of them.
      await Promise.all(this.running);
      throw this.failure.error;
    }
    const run: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async done(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}

/** The lineage values every row of one file shares (see schemas/lineage.ts). */
export interface FileLineage {
  /** `_source_key`: the landing key. */
  readonly sourceKey: string;
  /** `_ingested_at`, epoch µs. */
  readonly ingestedAt: number;
}

/** Where a file's rows for one partition land in the lake; part 0 keeps the plain name. */
export function lakeKey(contract: FeedContract, site: string, day: string, contentHash: string, part = 0): string {
  return rawPartitionKey(contract, site, day, partName(contentHash, part));
}

export class PartitionWriter {
  private readonly partitions = new Map<string, Partition>();
  /** site → partition-column value → partition: a lookup without building a string per row. */
  private readonly byValue = new Map<string, Map<number, Partition>>();
  /** The partition of the previous row: files are mostly ordered, so it is usually the next one's too. */
  private last: Partition | undefined;
  /** Index of `_source_row` among the builder's columns. */
  private readonly sourceRowColumn: number;
  /** `_source_key` as UTF-8, every partition's constant. */
  private readonly sourceKeyBytes: Uint8Array;
  private readonly parquetLayout: ParquetLayout;
  private readonly parquetScratch = new ParquetScratch();
  private readonly vectors: VectorPool;
  /**
   * Memory in row slots: rows in finished batches plus the slots allocated by every partition's
   * builder. This, not the row count alone, is held under `bufferRows`: with many partitions the
   * allocated-but-empty slots dominate.
   */
  private slots = 0;
  private readonly dateIsTimestamp: boolean;
  private readonly stagedWrites = new WritePool(1);
  /** Partitions holding a builder (and so buffers). */
  private readonly open = new Set<Partition>();

  constructor(
    private readonly contract: FeedContract,
    private readonly lake: ObjectStore,
    /** A prefix unique to this ingest attempt, e.g. `_staging/<ingest id>`. */
    private readonly stagingPrefix: string,
    private readonly lineage: FileLineage,
    private readonly bufferRows = DEFAULT_BUFFER_ROWS,
    private readonly batchRows?: number,
    private readonly maxOpenPartitions = DEFAULT_MAX_OPEN_PARTITIONS,
  ) {
    this.dateIsTimestamp = contract.columns[contract.partitionBy.date]?.kind === 'timestamp';
    this.sourceRowColumn = contract.columnNames.length + Object.keys(LINEAGE_COLUMNS).indexOf('_source_row');
    this.sourceKeyBytes = new TextEncoder().encode(lineage.sourceKey);
    // A quarter of the budget: enough to feed the next partitions' batches after a spill.
    this.vectors = new VectorPool(Math.ceil(bufferRows / 4));
    const columns = Object.entries(contract.columns);
    this.parquetLayout = {
      dictionary: columns.filter(([, spec]) => spec.kind === 'enum').map(([name]) => name),
      // Identifiers and free text: every string column but the site (one value per file) and codes.
      withoutStatistics: [
        ...columns
          .filter(([name, spec]) => spec.kind === 'string' && name !== contract.partitionBy.site && !isCode(spec))
          .map(([name]) => name),
        '_source_key',
      ],
    };
  }

  /**
   * A warning when the file's order forced many small parts: rows cycling through more partitions
   * than stay open are written out a few at a time (memory stays bounded; file count does not).
   */
  warning(): string | undefined {
    const parts = [...this.partitions.values()].reduce((n, p) => n + p.staged.length + (p.buffered > 0 ? 1 : 0), 0);
    if (parts <= 2 * this.partitions.size) return undefined;
    return `${parts} Parquet parts written for ${this.partitions.size} site × day partitions: the rows did not fit the memory budget (${this.bufferRows} rows, ${this.maxOpenPartitions} open partitions) in the order they came; an export sorted by site and day is written in fewer, larger parts`;
  }

  /** Staging keys written so far (for cleanup when the ingest is abandoned). */
  get stagedKeys(): string[] {
    return [...this.partitions.values()].flatMap((p) => p.staged);
  }

  /** Buffers a normalised row; true when the memory budget is reached and `spill` should be awaited. */
  push(row: Row): boolean {
    const partition = this.partitionOf(
      String(row[this.contract.partitionBy.site]),
      row[this.contract.partitionBy.date] as number,
    );
    const builder = this.opened(partition);
    return this.committed(partition, builder, builder.push(row));
  }

  /**
   * Buffers the record `decoder` has just parsed, from line `sourceRow` of the file; true when the
   * memory budget is reached and `spill` should be awaited. The file's lineage constants are
   * written per batch (BatchBuilder.setConstant), not per row.
   */
  pushDecoded(decoder: CsvColumnDecoder, sourceRow: number): boolean {
    const partition = this.partitionOf(decoder.site(), decoder.partitionValue());
    const builder = partition.builder ?? this.opened(partition);
    const at = builder.pending;
    decoder.write(builder.columns, at);
    (builder.columns[this.sourceRowColumn] as ColumnVector).setNumber(at, sourceRow);
    return this.committed(partition, builder, builder.commit());
  }

  /** The partition's builder, opening it (buffers allocated, counted in `slots`) when closed. */
  private opened(partition: Partition): BatchBuilder {
    if (partition.builder) return partition.builder;
    const builder = BatchBuilder.forContract(this.contract, this.batchRows, this.vectors);
    builder.setConstant('_source_key', this.sourceKeyBytes);
    builder.setConstant('_ingested_at', this.lineage.ingestedAt);
    partition.builder = builder;
    this.open.add(partition);
    this.slots += builder.capacityRows;
    return builder;
  }

  /** The partition of a site and partition-column value (days for a date, epoch µs for a timestamp). */
  private partitionOf(site: string, when: number): Partition {
    // The UTC day number of the partition column: days for a date, floor(µs / day) for a timestamp.
    const dayNumber = this.dateIsTimestamp ? Math.floor(when / MICROS_PER_DAY) : when;
    const last = this.last;
    if (last !== undefined && last.site === site && last.dayNumber === dayNumber) return last;
    let ofSite = this.byValue.get(site);
    if (!ofSite) {
      ofSite = new Map();
      this.byValue.set(site, ofSite);
    }
    let partition = ofSite.get(dayNumber);
    if (!partition) {
      partition = this.partitionFor(site, dayNumber, formatDay(dayNumber));
      ofSite.set(dayNumber, partition);
    }
    this.last = partition;
    return partition;
  }

  private committed(partition: Partition, builder: BatchBuilder, full: arrow.RecordBatch | undefined): boolean {
    if (full) {
      // The full batch's slots are now rows in `batches`; the builder allocated a new set.
      partition.batches.push(full);
      this.slots += builder.capacityRows;
    }
    partition.buffered++;
    return this.slots >= this.bufferRows || this.open.size > this.maxOpenPartitions;
  }

  private slotsOf(partition: Partition): number {
    const builder = partition.builder;
    return builder ? partition.buffered - builder.pending + builder.capacityRows : 0;
  }

  private partitionFor(site: string, dayNumber: number, day: string): Partition {
    const id = `${site}\u0001${day}`;
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = { site, day, dayNumber, builder: undefined, batches: [], buffered: 0, staged: [] };
      this.partitions.set(id, partition);
    }
    return partition;
  }

  /**
   * Writes the partitions holding the most rows out as staged parts, closing them, until the row
   * slots and the open partitions are back under EVICT_TO of their caps (at least one goes).
   */
  async spill(): Promise<void> {
    const largestFirst = [...this.open].sort((a, b) => b.buffered - a.buffered);
    let written = 0;
    for (const partition of largestFirst) {
      const under =
        this.slots <= this.bufferRows * EVICT_TO && this.open.size <= Math.floor(this.maxOpenPartitions * EVICT_TO);
      if (written > 0 && under) break;
      if (partition.buffered === 0) {
        this.close(partition);
        continue;
      }
      const key = `${this.stagingPrefix}/${encodeURIComponent(partition.site)}/${partition.day}/${partition.staged.length}.parquet`;
      const bytes = this.drain(partition);
      partition.staged.push(key);
      written++;
      // The part is written while parsing goes on (I/O overlapping CPU); one write in flight at most,
      // so memory stays bounded by one encoded part.
      await this.stagedWrites.add(() => this.lake.write(key, bytes));
    }
  }

  /** The partition's buffered rows as Parquet bytes; empties and closes it, freeing its buffers. */
  private drain(partition: Partition): Uint8Array {
    const builder = partition.builder as BatchBuilder;
    this.close(partition);
    const last = builder.flush();
    if (last) partition.batches.push(last);
    const bytes = toParquet(builder.schema, partition.batches, this.parquetLayout, this.parquetScratch);
    builder.recycle();
    builder.release();
    partition.batches = [];
    partition.buffered = 0;
    return bytes;
  }

  /** Frees the partition's slots and takes it out of the open set; `drain` releases the builder after flushing. */
  private close(partition: Partition): void {
    this.slots -= this.slotsOf(partition);
    if (partition.buffered === 0) partition.builder?.release();
    partition.builder = undefined;
    this.open.delete(partition);
  }

  /**
   * The final keys `publish(name)` will write, in its order: known before any is written, so the
   * ledger can name them in a write-ahead intent (ledger.ts).
   */
  outputKeys(name: string): string[] {
    const outputs: string[] = [];
    for (const partition of this.partitions.values()) {
      const parts = partition.staged.length + (partition.buffered > 0 ? 1 : 0);
      for (let part = 0; part < parts; part++)
        outputs.push(lakeKey(this.contract, partition.site, partition.day, name, part));
    }
    return outputs;
  }

  /** Moves staged parts to their final keys and writes the rest; returns the final keys. */
  async publish(name: string): Promise<string[]> {
    await this.stagedWrites.done();
    const outputs: string[] = [];
    const writes = new WritePool(PUBLISH_CONCURRENCY);
    for (const partition of this.partitions.values()) {
      let part = 0;
      for (const staged of partition.staged) {
        const key = lakeKey(this.contract, partition.site, partition.day, name, part++);
        await writes.add(() => moveObject(this.lake, staged, key));
        outputs.push(key);
      }
      if (partition.buffered > 0) {
        const key = lakeKey(this.contract, partition.site, partition.day, name, part++);
        const bytes = this.drain(partition);
        await writes.add(() => this.lake.write(key, bytes));
        outputs.push(key);
      }
    }
    await writes.done();
    return outputs;
  }

  /** Deletes staged parts (the file turned out a duplicate, or was rejected). */
  async discard(): Promise<void> {
    // Its failure does not matter here: whatever was staged is deleted next.
    await this.stagedWrites.done().catch(() => undefined);
    for (const key of this.stagedKeys) await this.lake.delete(key);
    this.partitions.clear();
    this.byValue.clear();
    this.open.clear();
    this.last = undefined;
    this.slots = 0;
  }
}
