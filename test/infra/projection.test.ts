/**
 * Athena sees every row: the synthesized template's raw tables — their partition projection, or
 * none for master and slowly changing feeds — are enumerated as Athena would, and every Parquet
 * file of a generated lake and of the golden fixture's lake must lie inside them. The deployment's
 * sites are those the lake's own site master lists (what a deployer puts in `opslake:sites`); the
 * generated lake's are the CDK app's default sites, so the demo and a default deploy agree.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSiteIds } from '../../functions/generator/sites.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { AUDIT_TABLE_NAME } from '../../schemas/audit.js';
import { RAW_PARTITION_KEYS, rawProjectionParameters } from '../../schemas/codegen/glue.js';
import { contracts } from '../../schemas/index.js';
import { SITES_PREFIX } from '../../schemas/lake-layout.js';
import { type AthenaTable, athenaTables, isVisible, type TemplateJson } from '../support/athena-projection.js';
import { runOpslake } from '../support/cli.js';
import { duckdb as duckdbRows } from '../support/ingest-fixtures.js';
import { synthOpslake } from './synth.js';

interface Lake {
  readonly home: string;
  /** Data files (not the empty per-version schema files), as lake keys. */
  readonly keys: string[];
  /** The site ids of the lake's own site master. */
  readonly sites: string[];
}

async function ingestedLake(kind: 'generated' | 'golden'): Promise<Lake> {
  const home = mkdtempSync(join(tmpdir(), `opslake-projection-${kind}-`));
  let landing = join(repoRoot, 'test/golden/landing');
  if (kind === 'generated') {
    landing = join(home, 'landing');
    const generated = runOpslake(undefined, 'generate', '--days', '5', '--out', landing);
    if (generated.code !== 0) throw new Error(generated.stderr);
  }
  const ingest = runOpslake(home, 'ingest', landing, '--json');
  if (ingest.code !== 0) throw new Error(ingest.stderr);
  const lakeRoot = join(home, 'lake');
  const keys = readdirSync(lakeRoot, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((key) => key.endsWith('.parquet') && !key.includes('/_schema/'));
  const rows = await duckdbRows(
    `select distinct site_id from read_parquet('${join(lakeRoot, SITES_PREFIX)}**/*.parquet') order by 1`,
  );
  return { home, keys, sites: rows.map((r) => String(r.site_id)) };
}

/**
 * The lake's "today": the last day any projected feed (events, invoices, costs: days that cannot
 * lie in the future) has rows for. Athena's NOW is evaluated there rather than at the wall clock
 * (the generated history is long past), so rows dated after the data's own present — targets,
 * budgets, scheduled shifts — would fall outside a projection.
 */
function lakeToday(keys: readonly string[]): Date {
  const daily = new Set(contracts.filter((c) => c.athenaPartitions === 'projected').map((c) => `raw/${c.id}/`));
  const days = keys
    .filter((k) => [...daily].some((prefix) => k.startsWith(prefix)))
    .map((k) => /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(k)?.[1] ?? '')
    .sort();
  const last = days.at(-1);
  if (!last) throw new Error('no daily feed in the lake');
  return new Date(`${last}T12:00:00Z`);
}

/**
 * The template's tables as Athena sees them: raw tables at the lake's today, the audit log (whose
 * days are the real ingest days) at the wall clock.
 */
function tablesAt(template: Parameters<typeof athenaTables>[0], keys: readonly string[]): AthenaTable[] {
  const raw = athenaTables(template, lakeToday(keys)).filter((t) => t.name !== AUDIT_TABLE_NAME);
  return [...raw, ...athenaTables(template).filter((t) => t.name === AUDIT_TABLE_NAME)];
}

const invisible = (tables: readonly AthenaTable[], keys: readonly string[]) =>
  keys.filter((key) => !tables.some((table) => isVisible(table, key)));

/** The template with every raw table projected by site and day, as before master feeds were unpartitioned. */
function everyTableProjected(template: TemplateJson, sites: readonly string[]): TemplateJson {
  const copy = structuredClone(template);
  for (const resource of Object.values(copy.Resources)) {
    if (resource.Type !== 'AWS::Glue::Table') continue;
    const input = resource.Properties.TableInput as Record<string, unknown> & { Parameters: Record<string, unknown> };
    if ((input.PartitionKeys as unknown[]).length > 0) continue;
    input.PartitionKeys = RAW_PARTITION_KEYS.map((k) => ({ Name: k.name, Type: k.type }));
    const location = (input.StorageDescriptor as { Location: unknown }).Location;
    const params = rawProjectionParameters('LOCATION/', sites);
    const template = String(params['storage.location.template']).replace('LOCATION/', '');
    input.Parameters = {
      ...input.Parameters,
      ...params,
      'storage.location.template': {
        'Fn::Join': ['', [...(location as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1], template]],
      },
    };
  }
  return copy;
}

describe('partition projection over a generated lake (default sites)', () => {
  let lake: Lake;
  beforeAll(async () => {
    lake = await ingestedLake('generated');
  });
  afterAll(() => lake && rmSync(lake.home, { recursive: true, force: true }));

  it('has files of every feed, and the default sites in its site master', () => {
    const feeds = new Set(lake.keys.filter((k) => k.startsWith('raw/')).map((k) => k.split('/').slice(1, 3).join('/')));
    expect([...feeds].sort()).toEqual(contracts.map((c) => c.id).sort());
    expect(lake.sites).toEqual(defaultSiteIds());
  });

  it('lets Athena see every Parquet file of the lake, the audit log included', () => {
    const tables = tablesAt(synthOpslake({ sites: lake.sites }).template, lake.keys);
    expect(invisible(tables, lake.keys)).toEqual([]);
    expect(lake.keys.some((k) => k.startsWith('audit/'))).toBe(true);
  });

  it('would hide master data if every table were projected (the check can fail)', () => {
    const json = synthOpslake({ sites: lake.sites }).template.toJSON() as TemplateJson;
    const hidden = invisible(tablesAt(everyTableProjected(json, lake.sites), lake.keys), lake.keys);
    // Sites opened in 2015 and employees hired before 2020 lie before the projection's start.
    for (const feed of ['reference/sites', 'wfm/employees']) {
      expect(
        hidden.some((k) => k.startsWith(`raw/${feed}/`)),
        feed,
      ).toBe(true);
    }
  });
});

describe('partition projection over the golden fixture lake', () => {
  let lake: Lake;
  beforeAll(async () => {
    lake = await ingestedLake('golden');
  });
  afterAll(() => lake && rmSync(lake.home, { recursive: true, force: true }));

  it('lets Athena see every Parquet file of the lake', () => {
    expect(lake.keys.filter((k) => k.startsWith('raw/')).length).toBeGreaterThan(20);
    const tables = tablesAt(synthOpslake({ sites: lake.sites }).template, lake.keys);
    expect(invisible(tables, lake.keys)).toEqual([]);
  });
});
