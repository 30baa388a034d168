/** File finalisation: the FileMetaData footer (schema, row groups, column chunks, statistics). */
import type * as arrow from 'apache-arrow';
import type { EncodedChunk } from './column-chunk.js';
import { type ColumnPlan, ValueLayout } from './column-plan.js';
import { CompressionCodec, Repetition } from './format.js';
import { CompactWriter, ListOf } from './thrift-compact.js';

const CREATED_BY = 'opslake version 0.1.0';

/** A column chunk as written: its plan, its encoded pages and the file offset they start at. */
export interface WrittenChunk {
  readonly plan: ColumnPlan;
  readonly chunk: EncodedChunk;
  readonly start: number;
}

/** A row group as written. */
export interface WrittenRowGroup {
  readonly columns: readonly WrittenChunk[];
  readonly rows: number;
  readonly start: number;
  readonly compressedBytes: number;
}

/** The thrift-encoded FileMetaData of a file with these columns and row groups. */
export function fileMetadata(
  schema: arrow.Schema,
  plans: readonly ColumnPlan[],
  groups: readonly WrittenRowGroup[],
  totalRows: number,
): Uint8Array {
  return (
    new CompactWriter()
      .i32(1, 1)
      .list(2, ListOf.struct, [undefined, ...plans], (w, plan) =>
        w.structValue((e) => {
          if (!plan) {
            e.binary(4, 'schema').i32(5, plans.length);
            return;
          }
          e.i32(1, plan.physical);
          if (plan.typeLength !== undefined) e.i32(2, plan.typeLength);
          e.i32(3, plan.nullable ? Repetition.OPTIONAL : Repetition.REQUIRED).binary(4, plan.name);
          plan.annotate(e);
        }),
      )
      .i64(3, totalRows)
      .list(4, ListOf.struct, groups, (w, group) =>
        w.structValue((g) =>
          g
            .list(1, ListOf.struct, group.columns, (cw, { plan, chunk, start }) =>
              cw.structValue((cc) =>
                cc.i64(2, start).struct(3, (m) => {
                  m.i32(1, plan.physical)
                    .list(2, ListOf.i32, chunk.encodings, (lw, encoding) => lw.i32Value(encoding))
                    .list(3, ListOf.binary, [plan.name], (lw, name) => lw.binaryValue(name))
                    .i32(4, CompressionCodec.ZSTD)
                    .i64(5, chunk.rows)
                    .i64(6, chunk.uncompressedBytes)
                    .i64(7, chunk.compressedBytes)
                    .i64(9, start + chunk.dictionaryPageBytes);
                  if (chunk.dictionaryPageBytes > 0) m.i64(11, start);
                  m.struct(12, (s) => {
                    const { min, max, nullCount } = chunk.statistics;
                    // The deprecated min/max (signed order) only where it equals the type's order.
                    const legacy = min && max && plan.layout === ValueLayout.words;
                    if (legacy) s.binary(1, max).binary(2, min);
                    s.i64(3, nullCount);
                    if (min && max) s.binary(5, max).binary(6, min);
                  });
                }),
              ),
            )
            .i64(
              2,
              group.columns.reduce((sum, c) => sum + c.chunk.uncompressedBytes, 0),
            )
            .i64(3, group.rows)
            .i64(5, group.start)
            .i64(6, group.compressedBytes),
        ),
      )
      .list(5, ListOf.struct, [...schema.metadata], (w, [key, value]) =>
        w.structValue((kv) => kv.binary(1, key).binary(2, value)),
      )
      .binary(6, CREATED_BY)
      // ColumnOrder.TYPE_ORDER for every column: min/max follow the logical type's order.
      .list(7, ListOf.struct, plans, (w) => w.structValue((o) => o.struct(1, () => {})))
      .finish()
  );
}
