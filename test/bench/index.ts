/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` (or those named on the command line) and
 * prints its figures. Each bench reports ratios against a baseline run in the same process, the
 * data sizes, and peak memory — speed is measured here, never asserted in tests.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchModule {
  readonly title: string;
  run(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) {
  if (wanted.length > 0 && !wanted.some((w) => file.includes(w))) continue;
  const module = (await import(join(here, file))) as { default: BenchModule };
  process.stdout.write(`\n== ${module.default.title} (${file})\n`);
  await module.default.run();
}
