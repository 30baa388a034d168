/**
 * Arrow record batches → Parquet bytes, with parquet-wasm (Rust's arrow-rs writer compiled to
 * WebAssembly, so the same code runs in Lambda without a native build).
 *
 * Files are zstd-compressed and cut into row groups of at most `ROW_GROUP_ROWS` rows: large enough
 * for Athena to read efficiently, small enough that the wasm heap never holds one huge group.
 *
 * Pages are Parquet v1 with PLAIN encoding, which every reader takes, and dictionary encoding only
 * for the columns named (categorical ones). Measured on 10k order events: a dictionary on every
 * column made writing 50% slower and the file twice the size, as ids, quantities and timestamps
 * overflow or barely repeat and zstd compresses their plain pages better. (v2 pages with delta
 * encodings were smaller still, but Athena's support for them is not something to bet the lake on.)
 *
 * Min/max statistics are kept for every column except those named: identifier columns, whose
 * ranges prune nothing (ids are not sorted within a file) and whose per-value string comparisons
 * were a quarter of write time.
 */
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';

export const ROW_GROUP_ROWS = 262_144;

export interface ParquetLayout {
  /** Categorical columns, written with a dictionary. */
  readonly dictionary?: readonly string[];
  /** Columns written without min/max statistics. */
  readonly withoutStatistics?: readonly string[];
}

function writerProperties(layout: ParquetLayout): parquet.WriterProperties {
  // A fresh object per file: wasm-bindgen moves it into the writer, which frees it.
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setDictionaryEnabled(false)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy('opslake');
  for (const column of layout.dictionary ?? []) builder = builder.setColumnDictionaryEnabled(column, true);
  for (const column of layout.withoutStatistics ?? []) {
    builder = builder.setColumnStatisticsEnabled(column, parquet.EnabledStatistics.None);
  }
  return builder.build();
}

/** Serialises `batches` (all with `schema`) into one Parquet file. */
export function toParquet(schema: arrow.Schema, batches: arrow.RecordBatch[], layout: ParquetLayout = {}): Uint8Array {
  const ipc = arrow.tableToIPC(new arrow.Table(schema, batches), 'stream');
  // writeParquet takes ownership of the wasm table and frees it.
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), writerProperties(layout));
}
