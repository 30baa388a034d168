/**
 * An opslake Lambda, as every one of them is wired: an encrypted log group, a role that may write
 * to that log group and nowhere else (instead of the AWSLambdaBasicExecutionRole managed policy),
 * and a NodejsFunction bundled by esbuild at synth — locally, never in Docker — into one ESM file
 * with the AWS SDK inside and the WebAssembly it loads copied beside it (bundling.ts).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { ESM_CJS_BANNER, WASM_FILES } from './bundling.js';
import type { LogEncryption } from './constructs/log-encryption.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface OpslakeFunctionProps {
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The role's description: whose role it is. */
  readonly roleDescription: string;
  readonly runtime: lambda.Runtime;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly reservedConcurrentExecutions: number;
  /** The function's environment; NODE_OPTIONS (source maps) is added. */
  readonly environment: Readonly<Record<string, string>>;
  /** Encrypts the environment (bucket names only, but not with Lambda's default key). */
  readonly environmentKey: kms.IKey;
  /** Encrypts the log group. */
  readonly logs: LogEncryption;
  readonly removalPolicy: RemovalPolicy;
}

/** The log group (`Logs`), role (`Role`) and function (`Function`) under `scope`. */
export function opslakeFunction(scope: Construct, props: OpslakeFunctionProps): nodejs.NodejsFunction {
  const logGroup = props.logs.logGroup(scope, 'Logs', { removalPolicy: props.removalPolicy });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);
  return new nodejs.NodejsFunction(scope, 'Function', {
    entry: path.join(REPO_ROOT, props.entry),
    handler: 'handler',
    // esbuild's target follows the runtime (node24 for NODEJS_24_X).
    runtime: props.runtime,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    timeout: props.timeout,
    role,
    logGroup,
    environmentEncryption: props.environmentKey,
    description: props.description,
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
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
        afterBundling: (_inputDir: string, outputDir: string) =>
          WASM_FILES.map((file) => `cp "${file}" "${outputDir}/"`),
      },
    },
  });
}
