/**
 * `opslake` — the command line over the embedded default (a local directory standing in for the
 * buckets, DuckDB as the engine). Each command is a thin layer over a core module; the command
 * tree and how to add to it are in program.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { explainEngineError, OpslakeError } from '../local/errors.js';
import { repoRoot } from '../local/workspace.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, exitCodeOfKind } from './exit-codes.js';
import { err } from './output.js';
import { createProgram, exitCodeOf } from './program.js';

/** Commander's own outcomes that are not errors. */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version']);

function version(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * A reader that stops early (`opslake sql … | head`, `opslake --help | less` quit at once) closes
 * the pipe: the rest of the output has nowhere to go, which is no error — end quietly, as Unix
 * tools do, instead of dying on EPIPE with a stack trace.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? EXIT.ok);
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = createProgram(version(), COMMANDS);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodeOf(program);
  } catch (raw) {
    // Commander has already printed its message (unknown command or option, with a suggestion).
    if (raw instanceof CommanderError) return COMMANDER_OK.has(raw.code) ? EXIT.ok : EXIT.usage;
    const error = explainEngineError(raw);
    const names = new Set(program.commands.map((c) => c.name()));
    const name = argv.find((a) => names.has(a));
    err(`opslake${name ? ` ${name}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.OPSLAKE_DEBUG && error instanceof Error) err(error.stack ?? '');
    return error instanceof OpslakeError ? exitCodeOfKind(error.kind) : EXIT.data;
  }
}
