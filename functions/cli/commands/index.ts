/**
 * Every `opslake` command, in the order `opslake --help` lists them. To add one, see program.ts:
 * write `commands/<name>.ts` exporting `register<Name>(program)`, and add it here.
 */
import type { Command } from 'commander';
import { registerBuild } from './build.js';
import { registerCodegen } from './codegen.js';
import { registerCompact } from './compact.js';
import { registerDemo } from './demo.js';
import { registerDocs } from './docs.js';
import { registerDoctor } from './doctor.js';
import { registerExport } from './export.js';
import { registerGenerate } from './generate.js';
import { registerIngest } from './ingest.js';
import { registerReplay } from './replay.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerSql } from './sql.js';
import { registerStatus } from './status.js';

export const COMMANDS: readonly ((program: Command) => void)[] = [
  registerDemo,
  registerGenerate,
  registerIngest,
  registerReplay,
  registerDoctor,
  registerBuild,
  registerCompact,
  registerStatus,
  registerSql,
  registerReport,
  registerExport,
  registerServe,
  registerDocs,
  registerCodegen,
];
