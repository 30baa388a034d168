/** The text of a PDF, page by page, with poppler's pdftotext (Debian poppler-utils). */
import { spawnSync } from 'node:child_process';

export function pdfPages(pdf: Uint8Array, options: { layout?: boolean } = {}): string[] {
  const run = spawnSync('pdftotext', [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', '-', '-'], {
    input: pdf,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error)
    throw new Error(`pdftotext could not run (install poppler-utils; make deps does): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  // Pages end with a form feed; the last one leaves an empty tail.
  return run.stdout.split('\f').slice(0, -1);
}
