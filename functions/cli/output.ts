/**
 * Terminal output. Results go to stdout, everything else (progress, summaries of what happened,
 * errors) to stderr, so `--json` output on stdout stays parseable. No colour codes anywhere; a
 * terminal gets one updating progress line, anything else (a pipe, a log file) plain lines.
 */
export const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
export const err = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/** Outside a terminal, a progress line at most this often (a short run prints none). */
export const PLAIN_PROGRESS_INTERVAL_MS = 5000;

/** Width of the one updating line in a terminal. */
const TTY_LINE = 100;

export interface Progress {
  update(done: number, total: number, text: string): void;
  end(): void;
}

/** Progress of a countable job (files ingested) on stderr, or nowhere when `quiet`. */
export function progress(label: string, quiet = false): Progress {
  if (quiet) return { update() {}, end() {} };
  if (process.stderr.isTTY) {
    let shown = false;
    return {
      update(done, total, text) {
        shown = true;
        process.stderr.write(`\r${`${label} [${done}/${total}] ${text}`.slice(0, TTY_LINE).padEnd(TTY_LINE)}`);
      },
      end() {
        if (shown) process.stderr.write(`\r${' '.repeat(TTY_LINE)}\r`);
      },
    };
  }
  let last = performance.now();
  return {
    update(done, total, text) {
      const now = performance.now();
      if (now - last < PLAIN_PROGRESS_INTERVAL_MS) return;
      last = now;
      err(`${label} [${done}/${total}] ${text}`);
    },
    end() {},
  };
}
