/**
 * The `opslake` command tree, on commander.
 *
 * Adding a command — one file per command, `functions/cli/commands/<name>.ts`:
 *
 *   import type { Command } from 'commander';
 *   import { example, handler } from '../program.js';
 *
 *   export function registerFoo(program: Command): void {
 *     program
 *       .command('foo')
 *       .description('one line: what it does')
 *       .argument('[path]', 'what the argument is')
 *       .option('--limit <n>', 'what the option does', '10')
 *       .addHelpText('after', example('opslake foo x --limit 5'))
 *       .action(
 *         handler(async (ctx) => {
 *           const { doFoo } = await import('../../local/foo.js'); // heavy modules load here, lazily
 *           ctx.out(await doFoo(ctx.workspace(), ctx.options.limit));
 *           return EXIT.ok;
 *         }),
 *       );
 *   }
 *
 * then add `registerFoo` to COMMANDS in `commands/index.ts`. Rules that keep every command alike:
 * - The file's top-level imports stay light (commander, types, these helpers): every module a
 *   command imports at the top is loaded by every `opslake` start. Import the rest in the action.
 * - Validate every argument before touching anything (commander `argParser`, or at the top of the
 *   action); throw `usageError` / `environmentError` (functions/local/errors.ts) for what the user
 *   can fix — one line saying what to do; the exit code follows from the kind (exit-codes.ts).
 * - Every option appears in the help, and the help ends with an example (`example(...)`).
 * - Results on stdout (`ctx.out`), JSON when `ctx.json`; progress and notes on stderr (`ctx.err`).
 */
import { Command, InvalidArgumentError } from 'commander';
import type { Workspace } from '../local/workspace.js';
import { EXIT_CODES_HELP } from './exit-codes.js';
import { err, out } from './output.js';

export interface CommandContext<Options = Record<string, unknown>> {
  /** The declared arguments, in order (a variadic one is an array). */
  readonly args: readonly unknown[];
  /** The command's own options, parsed. */
  readonly options: Options;
  /** The global `--json`: machine-readable output on stdout. */
  readonly json: boolean;
  /** The global `--home` (undefined: `$OPSLAKE_HOME` or `./.opslake`). */
  readonly home: string | undefined;
  /** The workspace `--home` names (not created or checked: see functions/local/workspace.ts). */
  workspace(): Promise<Workspace>;
  readonly command: Command;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The exit code each program's action returned; read by main() after parsing. */
const exitCodes = new WeakMap<Command, number>();

const rootOf = (command: Command): Command => {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
};

/** Wraps a command's action: builds its context and records the exit code it returns. */
export function handler<Options = Record<string, unknown>>(
  run: (ctx: CommandContext<Options>) => Promise<number>,
): (...raw: unknown[]) => Promise<void> {
  return async (...raw) => {
    const command = raw.at(-1) as Command;
    const globals = command.optsWithGlobals() as { home?: string; json?: boolean };
    const ctx: CommandContext<Options> = {
      args: command.processedArgs,
      options: command.opts() as Options,
      json: Boolean(globals.json),
      home: globals.home,
      async workspace() {
        const { workspace } = await import('../local/workspace.js');
        return workspace(globals.home);
      },
      command,
      out,
      err,
    };
    exitCodes.set(rootOf(command), await run(ctx));
  };
}

export const exitCodeOf = (program: Command): number => exitCodes.get(program) ?? 0;

/** The help's closing example(s). */
export const example = (...lines: string[]): string => `\nExample:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

/** An option parser for a whole number in [min, max]; commander reports a bad one as a usage error. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** An option parser for a decimal number (range checks belong to the option's owner). */
export function decimal(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError('must be a number such as 10 or 0.5.');
  return Number(value);
}

/** An option parser for a whole number. */
export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

export function createProgram(version: string, register: readonly ((program: Command) => void)[]): Command {
  const program = new Command('opslake')
    .description('opslake — operational data pipeline and metrics warehouse')
    .usage('<command> [options]')
    .version(version, '-V, --version', 'print the version')
    .option('--home <dir>', 'the local workspace (default: $OPSLAKE_HOME or ./.opslake)')
    .option('--json', 'machine-readable output on stdout')
    .helpOption('-h, --help', 'show help (per command: opslake <command> --help)')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `opslake --help` for commands, `opslake <command> --help` for options)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  for (const add of register) add(program);
  return program;
}
