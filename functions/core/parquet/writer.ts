/**
 * Arrow record batches → Parquet bytes, encoded here from the batches' own buffers.
 *
 * Why not a general writer: parquet-wasm (arrow-rs in WebAssembly) was a third of ingest time when
 * measured — an Arrow IPC hand-off, a copy into the wasm heap, dictionary hashing and per-value
 * statistics — and it compressed every column, including those holding one value per file
 * (`_source_key`, `_ingested_at`, the site), which were a third of the bytes zstd had to read.
 * The lake needs a small, fixed subset of Parquet, written the way every reader takes it:
 *
 * - Parquet v1 data pages; PLAIN values, or a dictionary (PLAIN dictionary page, RLE_DICTIONARY
 *   indices) for the categorical columns named in the layout and for any column chunk whose
 *   values are all the same; definition levels RLE/bit-packed. No v2 pages or delta encodings,
 *   whose support in the engines Athena may use is not something to bet the lake on.
 * - zstd (level 1) per page; row groups of at most `ROW_GROUP_ROWS` rows, made of whole batches.
 * - Types: strings (BYTE_ARRAY, STRING), int64, date (INT32, DATE), timestamp µs (INT64,
 *   TIMESTAMP(MICROS) adjusted to UTC when the Arrow type has a zone), decimal (FIXED_LEN_BYTE_ARRAY,
 *   DECIMAL, as arrow-rs and Spark write it) and boolean. Other Arrow types are refused.
 * - Column-chunk statistics: null count always; min/max for every column but those the layout
 *   names (identifiers, whose ranges prune nothing), with the type-defined column order so readers
 *   trust them.
 *
 * One concept per file: column-plan.ts (Arrow field → physical type and annotation), row-groups.ts
 * (batches → row groups), column-chunk.ts with dictionary.ts, statistics.ts and pages.ts (the
 * column encoders), footer.ts (the file metadata), format.ts (parquet.thrift's codes). This file
 * puts a file together.
 *
 * The format is parquet-format's parquet.thrift; test/ingest/parquet-writer.test.ts reads the
 * output back with DuckDB, pyarrow and parquet-wasm (arrow-rs).
 */
import type * as arrow from 'apache-arrow';
import { ByteSink } from './byte-sink.js';
import { encodeColumnChunk } from './column-chunk.js';
import { type ParquetLayout, planColumn } from './column-plan.js';
import { fileMetadata } from './footer.js';
import { MAGIC } from './format.js';
import { rowGroups } from './row-groups.js';

export type { ParquetLayout } from './column-plan.js';
export { ROW_GROUP_ROWS } from './row-groups.js';

/**
 * Page buffers (about a megabyte each once grown). A caller that writes many files passes one to
 * every `toParquet`, so they are allocated once: fresh ones per file were a tenth of the ingest's
 * garbage collections.
 */
export class ParquetScratch {
  readonly values = new ByteSink();
  readonly body = new ByteSink();
}

/** Serialises `batches` (all with `schema`) into one Parquet file. */
export function toParquet(
  schema: arrow.Schema,
  batches: arrow.RecordBatch[],
  layout: ParquetLayout = {},
  scratch = new ParquetScratch(),
): Uint8Array {
  const plans = schema.fields.map((field) => planColumn(field, layout));
  const { values, body } = scratch;
  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  let totalRows = 0;
  const groups = rowGroups(batches).map((group) => {
    const groupStart = offset;
    let groupRows = 0;
    for (const batch of group) groupRows += batch.numRows;
    const columns = plans.map((plan, c) => {
      const chunk = encodeColumnChunk(
        plan,
        group.map((batch) => batch.data.children[c] as arrow.Data),
        values,
        body,
      );
      const start = offset;
      parts.push(...chunk.parts);
      offset += chunk.compressedBytes;
      return { plan, chunk, start };
    });
    totalRows += groupRows;
    return { columns, rows: groupRows, start: groupStart, compressedBytes: offset - groupStart };
  });

  const footer = fileMetadata(schema, plans, groups, totalRows);

  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  parts.push(footer, tail);
  const file = new Uint8Array(offset + footer.length + tail.length);
  let at = 0;
  for (const part of parts) {
    file.set(part, at);
    at += part.length;
  }
  return file;
}
