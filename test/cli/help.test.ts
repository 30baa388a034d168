/**
 * Every command has its own help, listing each of its options and an example; the program has a
 * version, suggests a command for a typo and documents its exit codes; a reader that closes the pipe
 * early ends it quietly.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../functions/cli/commands/index.js';
import { EXIT } from '../../functions/cli/exit-codes.js';
import { createProgram } from '../../functions/cli/program.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { OPSLAKE_BIN, runOpslake } from '../support/cli.js';

const program = createProgram('test', COMMANDS);

describe('opslake help', () => {
  it('each command prints its own help with every option and an example', () => {
    const helps = new Set<string>();
    expect(program.commands.length).toBeGreaterThanOrEqual(7);
    for (const command of program.commands) {
      const run = runOpslake(undefined, command.name(), '--help');
      expect(run.code, command.name()).toBe(0);
      expect(run.stdout).toContain(`Usage: opslake ${command.name()}`);
      for (const option of command.options) expect(run.stdout, command.name()).toContain(option.flags);
      for (const argument of command.registeredArguments) expect(run.stdout).toContain(argument.name());
      expect(run.stdout).toMatch(/\nExample:\n {2}\$ opslake /);
      helps.add(run.stdout);
    }
    expect(helps.size).toBe(program.commands.length);
  });

  it('the global help lists every command and the exit codes', () => {
    const run = runOpslake(undefined, '--help');
    expect(run.code).toBe(0);
    for (const command of program.commands) expect(run.stdout).toMatch(new RegExp(`\\n  ${command.name()}\\b`));
    for (const code of Object.values(EXIT)) expect(run.stdout).toMatch(new RegExp(`\\n  ${code}  \\w`));
  });

  it('ends quietly when its reader closes the pipe early (`opslake --help | head -1`)', async () => {
    const child = spawn(process.execPath, [OPSLAKE_BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the first line is written: every write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--version prints package.json version', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const run = runOpslake(undefined, '--version');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('a mistyped command or option gets a suggestion and the usage exit code', () => {
    const command = runOpslake(undefined, 'biuld');
    expect(command.code).toBe(EXIT.usage);
    expect(command.stderr).toContain('(Did you mean build?)');
    const option = runOpslake(undefined, 'build', '--selct', 'x');
    expect(option.code).toBe(EXIT.usage);
    expect(option.stderr).toContain('(Did you mean --select?)');
  });
});
