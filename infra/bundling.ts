/**
 * How the ingest Lambda is bundled, shared by its construct and by the ingest bench (which measures
 * the same artefact that ships, not the TypeScript loader).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const resolve = createRequire(import.meta.url).resolve;

/**
 * WebAssembly modules the ingest code loads from `${__dirname}` at start-up — zstd (compresses
 * Parquet pages) — so they must sit next to the bundle; esbuild only bundles JavaScript. The site
 * master is read with hyparquet (JavaScript), so no Parquet reader's wasm ships.
 */
export const WASM_FILES: readonly string[] = [
  // Not an exported subpath: the file sits beside the package's Node entry point.
  join(dirname(resolve('@bokuweb/zstd-wasm')), 'zstd.wasm'),
];

/**
 * The bundle is ESM, but CommonJS dependencies (zstd-wasm, parts of the AWS SDK) use `require`,
 * `__filename` and `__dirname`; this banner defines them at the top of the output module.
 */
export const ESM_CJS_BANNER = [
  "import { createRequire as __opslakeCreateRequire } from 'node:module';",
  "import { fileURLToPath as __opslakeFileURLToPath } from 'node:url';",
  "import { dirname as __opslakeDirname } from 'node:path';",
  'const require = __opslakeCreateRequire(import.meta.url);',
  'const __filename = __opslakeFileURLToPath(import.meta.url);',
  'const __dirname = __opslakeDirname(__filename);',
].join(' ');
