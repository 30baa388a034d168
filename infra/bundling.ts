/**
 * How the ingest Lambda is bundled, shared by its construct and by the ingest bench (which measures
 * the same artefact that ships, not the TypeScript loader).
 */
import { createRequire } from 'node:module';

/**
 * parquet-wasm's Node build reads its .wasm from `${__dirname}` at load time, so the file must sit
 * next to the bundle; esbuild only bundles JavaScript.
 */
export const PARQUET_WASM = createRequire(import.meta.url).resolve('parquet-wasm/node/parquet_wasm_bg.wasm');

/**
 * The bundle is ESM, but CommonJS dependencies (parquet-wasm, parts of the AWS SDK) use `require`,
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
