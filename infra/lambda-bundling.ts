/**
 * How opslake's Lambdas are bundled by esbuild (at synth, locally — never in Docker): one ESM file
 * with the AWS SDK inside, and the WebAssembly it loads copied beside it (bundling.ts).
 */
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { ESM_CJS_BANNER, WASM_FILES } from './bundling.js';

export function opslakeBundling(): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    platform: 'node',
    mainFields: ['module', 'main'],
    minify: true,
    sourceMap: true,
    banner: ESM_CJS_BANNER,
    // Bundle the AWS SDK too: the versions the tests ran against, not whatever the runtime ships.
    externalModules: [],
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => WASM_FILES.map((file) => `cp "${file}" "${outputDir}/"`),
    },
  };
}
