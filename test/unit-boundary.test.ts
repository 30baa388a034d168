/**
 * The unit project stays tool-free: no test file outside the integration list (test/projects.ts)
 * reaches for Python, dbt, moto, a browser, a child process, a server or CDK. Such a file would
 * make `unit` slow or, worse, tempt a silent skip when the tool is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INTEGRATION_FILES, INTEGRATION_MARKERS, isIntegrationTest } from './projects.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');

function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? testFiles(join(dir, entry.name))
      : entry.name.endsWith('.test.ts')
        ? [relative(root, join(root, dir, entry.name))]
        : [],
  );
}

describe('the unit project', () => {
  const files = testFiles('test');

  it('holds no test that needs a tool', () => {
    const unit = files.filter((f) => !isIntegrationTest(f) && f !== 'test/unit-boundary.test.ts');
    expect(unit.length).toBeGreaterThan(10);
    const offenders = unit.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return INTEGRATION_MARKERS.filter((m) => m.pattern.test(text)).map((m) => `${file} ${m.why}`);
    });
    expect(offenders, 'move these to INTEGRATION_FILES in test/projects.ts').toEqual([]);
  });

  it('names only integration files that exist', () => {
    expect(INTEGRATION_FILES.filter((f) => !files.includes(f))).toEqual([]);
  });

  it('has no silent skips anywhere: a missing tool is a failure', () => {
    const skipping = files.filter((file) =>
      /\.(skipIf|runIf)\(|\b(it|describe|test)\.skip\(/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(skipping).toEqual([]);
  });
});
