/**
 * zstd compression for Parquet pages: the reference C library compiled to WebAssembly
 * (@bokuweb/zstd-wasm), so the Lambda needs no native build. Its Node loader reads `zstd.wasm`
 * from `${__dirname}`, so a bundle must ship that file beside it (infra/bundling.ts).
 */
import { compress, init } from '@bokuweb/zstd-wasm';

/**
 * Level 1, the default of Arrow's Parquet writers: measured on page data, higher levels cost more
 * time than they save bytes, and negative (fast) levels saved under 10 % of the time for files
 * a half larger.
 */
export const ZSTD_LEVEL = 1;

await init();

/** One zstd frame holding `bytes`. */
export function zstd(bytes: Uint8Array): Uint8Array {
  return compress(bytes, ZSTD_LEVEL);
}
