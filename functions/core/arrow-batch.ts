/**
 * Columnar batch building: normalised rows → Arrow record batches with the contract's schema, over
 * column vectors (column-vector.ts) that are reused from batch to batch (VectorPool).
 */
import * as arrow from 'apache-arrow';
import type { ColumnSpec, FeedContract, Row } from '../../schemas/contract.js';
import { arrowType } from '../../schemas/physical-types.js';
import { arrowSchema, rawColumns } from './arrow-schema.js';
import { ColumnVector, layoutOf, UTF8 } from './column-vector.js';

const FIRST_BATCH_ROWS = 256;

/**
 * Column vectors whose batches have been written, kept for the next batches of the same table.
 * Every write to a vector is idempotent and a batch only reads the rows written for it, so a
 * vector is reused as it is, without clearing. Allocating fresh buffers per batch (and collecting
 * the old ones) was most of the ingest's garbage collections when measured.
 */
export class VectorPool {
  private readonly free = new Map<number, ColumnVector[][]>();
  private rows = 0;

  /** Holds at most `maxRows` row slots; vectors beyond that are left to the collector. */
  constructor(private readonly maxRows: number) {}

  take(capacity: number): ColumnVector[] | undefined {
    const set = this.free.get(capacity)?.pop();
    if (set) this.rows -= capacity;
    return set;
  }

  give(set: ColumnVector[]): void {
    const capacity = set[0]?.capacity ?? 0;
    if (capacity === 0 || this.rows + capacity > this.maxRows) return;
    let list = this.free.get(capacity);
    if (!list) {
      list = [];
      this.free.set(capacity, list);
    }
    list.push(set);
    this.rows += capacity;
  }
}

/**
 * Accumulates rows for one output file and cuts them into record batches of at most `batchRows`.
 * The first batch is small and each next one twice as large, so a file spread over many
 * partitions does not pre-allocate `batchRows` slots in every one of them.
 *
 * Rows arrive either whole (`push`, from a normalised row object) or cell by cell: a caller
 * writes every column at index `pending` through `columns`, then `commit`s the row.
 */
export class BatchBuilder {
  columns: ColumnVector[] = [];
  private length = 0;
  private capacity = 0;
  private readonly names: string[];
  private readonly layouts: [number, arrow.DataType, boolean][];

  /** Columns every row shares (index, value): written at flush, once per batch, not per row. */
  private readonly constants: [number, Uint8Array | number][] = [];

  /** The vector sets of the batches flushed since the last `recycle`. */
  private flushed: ColumnVector[][] = [];

  constructor(
    columns: [string, ColumnSpec][],
    readonly schema: arrow.Schema,
    private readonly batchRows = 65_536,
    /** Shared by the builders of one table (one contract), so vectors move between partitions. */
    private readonly pool?: VectorPool,
  ) {
    this.names = columns.map(([name]) => name);
    this.layouts = columns.map(([, spec]) => {
      const type = arrowType(spec);
      return [layoutOf(type), type, !spec.required];
    });
    this.reset();
  }

  static forContract(contract: FeedContract, batchRows?: number, pool?: VectorPool): BatchBuilder {
    return new BatchBuilder(rawColumns(contract), arrowSchema(contract), batchRows, pool);
  }

  /**
   * Declares that every row has `value` in column `name` (UTF-8 bytes for text, a number
   * otherwise). Row writes may skip the column; whatever they wrote there is replaced at flush.
   */
  setConstant(name: string, value: Uint8Array | number): void {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`no column ${name}`);
    this.constants.push([index, value]);
  }

  /**
   * Hands the vectors of every batch flushed so far to the pool. Only once those batches are no
   * longer read: their buffers are written over by the next batches.
   */
  recycle(): void {
    if (this.pool) for (const set of this.flushed) this.pool.give(set);
    this.flushed = [];
  }

  /** Row slots allocated for the batch being built (memory accounting for callers). */
  get capacityRows(): number {
    return this.capacity;
  }

  /**
   * Gives every vector back to the pool; the builder is not used again. For a partition closed
   * after its rows were written out: an idle partition should hold no buffers at all.
   */
  release(): void {
    if (this.length > 0) throw new Error('release() with rows pending; flush first');
    this.pool?.give(this.columns);
    this.columns = [];
    this.capacity = 0;
  }

  /** Drops to the small first-batch allocation again; call when empty, after a flush. */
  shrink(): void {
    if (this.length > 0) throw new Error('shrink() with rows pending; flush first');
    this.pool?.give(this.columns);
    this.capacity = 0;
    this.reset();
  }

  /** The average UTF-8 bytes per value of each column's last batch, with 10 % headroom. */
  private bytesPerValue: number[] = [];

  private reset(): void {
    this.capacity = Math.min(this.batchRows, this.capacity === 0 ? FIRST_BATCH_ROWS : this.capacity * 2);
    const capacity = this.capacity;
    this.columns =
      this.pool?.take(capacity) ??
      this.layouts.map(
        ([layout, type, nullable], c) => new ColumnVector(layout, type, capacity, nullable, this.bytesPerValue[c]),
      );
    this.length = 0;
  }

  /** Rows written since the last batch; also the index the next row is written at. */
  get pending(): number {
    return this.length;
  }

  /** Appends a row; returns a finished batch when the current one is full. */
  push(row: Row): arrow.RecordBatch | undefined {
    const names = this.names;
    const columns = this.columns;
    const at = this.length;
    for (let c = 0; c < names.length; c++) (columns[c] as ColumnVector).set(at, row[names[c] as string]);
    return this.commit();
  }

  /** Keeps the row written at index `pending`; returns a finished batch when the current one is full. */
  commit(): arrow.RecordBatch | undefined {
    this.length++;
    return this.length === this.capacity ? this.flush() : undefined;
  }

  /** The rows pushed since the last batch, as a batch (undefined when there are none). */
  flush(): arrow.RecordBatch | undefined {
    if (this.length === 0) return undefined;
    const length = this.length;
    for (const [index, value] of this.constants) (this.columns[index] as ColumnVector).fill(length, value);
    this.bytesPerValue = this.columns.map((c) =>
      c.layout === UTF8 ? Math.max(1, (1.1 * (c.offsets[length] as number)) / length) : 0,
    );
    const children = this.columns.map((c) => c.finish(length));
    if (this.pool) this.flushed.push(this.columns);
    const batch = new arrow.RecordBatch(
      this.schema,
      arrow.makeData({ type: new arrow.Struct(this.schema.fields), length, children }),
    );
    this.reset();
    return batch;
  }
}
