/**
 * Errors a user can act on. Each says, in one line, what is wrong and what to do; `kind` is what
 * the CLI turns into its exit code (see functions/cli/exit-codes.ts), so the library code that
 * finds the problem need not know about the CLI.
 */
export type ErrorKind = 'usage' | 'environment' | 'data';

export class OpslakeError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
    this.name = 'OpslakeError';
  }
}

/** A wrong argument or option: nothing was touched. */
export const usageError = (message: string) => new OpslakeError(message, 'usage');

/** Something the command needs is missing or busy: a workspace, a build, dbt, the warehouse. */
export const environmentError = (message: string) => new OpslakeError(message, 'environment');

/** DuckDB's text when another process holds the file's write lock. */
const LOCK_ERROR = /Could not set lock on file "([^"]+)"[^\n]*?(?:\(PID (\d+)\))?/;

/** Turns DuckDB's lock conflict into the one line a user needs; other errors pass through. */
export function explainEngineError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const lock = LOCK_ERROR.exec(message);
  if (!lock) return error;
  const holder = lock[2] ? ` (process ${lock[2]})` : '';
  return environmentError(
    `the warehouse ${lock[1]} is in use by another program${holder} that opened it for writing: close it (a DuckDB shell, a notebook) and retry`,
  );
}
