/** The CLI's exit codes: one table, printed by `opslake --help` and restated nowhere else. */
import type { ErrorKind } from '../local/errors.js';

export const EXIT = {
  ok: 0,
  /** Data rejected (a file rejected whole), dbt tests failed, or the command failed. */
  data: 1,
  /** A wrong command, option or argument; nothing was touched. */
  usage: 2,
  /** Something needed is missing or busy: workspace, build, dbt venv, the warehouse, a running build. */
  environment: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const exitCodeOfKind = (kind: ErrorKind): ExitCode => EXIT[kind];

export const EXIT_CODES_HELP = `Exit codes:
  ${EXIT.ok}  ok
  ${EXIT.data}  data rejected (a file rejected whole), dbt tests failed, or the command failed
  ${EXIT.usage}  usage: unknown command or option, bad argument — nothing was touched
  ${EXIT.environment}  environment: no workspace or build, dbt not installed, warehouse in use, a build already running`;
