/**
 * Arrow record batches → Parquet bytes, with parquet-wasm (Rust's arrow-rs writer compiled to
 * WebAssembly, so the same code runs in Lambda without a native build).
 *
 * Files are zstd-compressed and cut into row groups of at most `ROW_GROUP_ROWS` rows: large enough
 * for Athena to read efficiently, small enough that the wasm heap never holds one huge group.
 */
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';

export const ROW_GROUP_ROWS = 262_144;

function writerProperties(): parquet.WriterProperties {
  // A fresh object per file: wasm-bindgen moves it into the writer, which frees it.
  return new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy('opslake')
    .build();
}

/** Serialises `batches` (all with `schema`) into one Parquet file. */
export function toParquet(schema: arrow.Schema, batches: arrow.RecordBatch[]): Uint8Array {
  const ipc = arrow.tableToIPC(new arrow.Table(schema, batches), 'stream');
  // writeParquet takes ownership of the wasm table and frees it.
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), writerProperties());
}
