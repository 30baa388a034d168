/**
 * A kpi_targets row naming a KPI the registry does not define must fail the build, not silently
 * set no target: the relationships tests from stg_reference__kpi_targets / int_kpi_targets to
 * kpi_registry. A valid row in the same file must not be reported.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbt } from '../../functions/local/dbt.js';
import { writeSchemaFiles } from '../../functions/local/lake-bootstrap.js';
import { repoRoot, workspace } from '../../functions/local/workspace.js';
import { runOpslake } from '../support/cli.js';

let root: string;
let summary: Awaited<ReturnType<typeof runDbt>>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opslake-kpi-targets-'));
  const landing = join(root, 'landing');
  const home = join(root, 'home');
  mkdirSync(join(landing, 'reference/sites'), { recursive: true });
  mkdirSync(join(landing, 'reference/kpi_targets'), { recursive: true });
  copyFileSync(
    join(repoRoot, 'test/golden/landing/reference/sites/sites.csv'),
    join(landing, 'reference/sites/sites.csv'),
  );
  writeFileSync(
    join(landing, 'reference/kpi_targets/S1_2026-03.csv'),
    'kpi,site_id,period_month,target_value,amber_threshold\nnps,S1,2026-03-01,30,5\nnps_typo,S1,2026-03-01,30,5\n',
  );
  const ingest = runOpslake(home, 'ingest', landing, '--json');
  expect(ingest.code, ingest.stderr).toBe(0);
  const ws = workspace(home);
  await writeSchemaFiles(ws.buckets);
  summary = await runDbt(
    [
      'build',
      '--indirect-selection',
      'cautious',
      '--select',
      'kpi_registry',
      'stg_reference__kpi_targets',
      'int_kpi_targets',
    ],
    {
      workspace: ws,
      onLine: () => {},
    },
  );
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('kpi_targets for a KPI the registry does not define', () => {
  it('fails the build', () => {
    expect(summary.exitCode).not.toBe(0);
  });

  it('is caught by the kpi → kpi_registry relationships tests, one bad row each, nothing else failing', () => {
    const failed = summary.failures.map((f) => f.name);
    expect(failed.length).toBeGreaterThan(0);
    for (const name of failed)
      expect(name).toMatch(
        /^test\.opslake\.relationships_(stg_reference__kpi_targets|int_kpi_targets)_kpi__kpi__ref_kpi_registry_/,
      );
    expect(failed.some((name) => name.includes('relationships_stg_reference__kpi_targets_kpi'))).toBe(true);
    for (const f of summary.failures) expect(f.message).toMatch(/Got 1 result/);
  });
});
