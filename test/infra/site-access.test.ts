import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SiteAccess } from '../../infra/constructs/site-access.js';
import { siteScopedTables } from '../../infra/site-scoped-models.js';
import { synthOpslake } from './synth.js';

const LEADS = { S1: 'arn:aws:iam::123456789012:role/s1-lead', 'EU-7': 'arn:aws:iam::123456789012:role/eu7-lead' };

type Resource = { Properties: Record<string, unknown> };

describe('siteScopedTables (from the dbt models)', () => {
  it('lists the reader tables with site_id and leaves out cross-site ones and views', () => {
    const tables = siteScopedTables().map((t) => `${t.database}.${t.table}`);
    expect(tables).toEqual(expect.arrayContaining(['marts.fct_orders', 'marts.kpi_daily', 'bi.bi_fct_kpi_daily']));
    expect(tables).not.toContain('marts.dim_date');
    expect(tables.some((t) => t.includes('stg_'))).toBe(false);
  });

  it('reads a column list it is given, not a fixed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opslake-models-'));
    for (const folder of ['marts', 'kpis', 'bi']) mkdirSync(join(dir, folder));
    writeFileSync(
      join(dir, 'marts', 'm.yml'),
      'models:\n  - name: by_site\n    columns: [{name: site_id}]\n  - name: global\n    columns: [{name: day}]\n  - name: a_view\n    columns: [{name: site_id}]\n',
    );
    expect(siteScopedTables(dir, new Set(['a_view']))).toEqual([{ database: 'marts', table: 'by_site' }]);
  });
});

describe('SiteAccess in the stack', () => {
  const { app, stack, template } = synthOpslake({ siteLeads: LEADS });
  const tables = siteScopedTables();

  it('creates one site_id row filter per site and site-scoped table', () => {
    const filters = Object.values(template.findResources('AWS::LakeFormation::DataCellsFilter')) as Resource[];
    expect(filters).toHaveLength(Object.keys(LEADS).length * tables.length);
    const s1Orders = filters.find(
      (f) => f.Properties.TableName === 'fct_orders' && f.Properties.Name === 'opslake_site_S1',
    );
    expect(s1Orders?.Properties).toMatchObject({
      DatabaseName: stack.transforms.martsDatabaseName,
      RowFilter: { FilterExpression: "site_id = 'S1'" },
      ColumnWildcard: { ExcludedColumnNames: [] },
    });
    const biFilter = filters.find((f) => f.Properties.TableName === 'bi_fct_kpi_daily');
    expect(biFilter?.Properties.DatabaseName).toBe(stack.transforms.biDatabaseName);
  });

  it("grants each lead SELECT only through its own site's filters", () => {
    const grants = Object.values(template.findResources('AWS::LakeFormation::PrincipalPermissions')) as Resource[];
    const selects = grants.filter((g) => (g.Properties.Permissions as string[]).includes('SELECT'));
    expect(selects).toHaveLength(Object.keys(LEADS).length * tables.length);
    for (const grant of selects) {
      const principal = (grant.Properties.Principal as { DataLakePrincipalIdentifier: string })
        .DataLakePrincipalIdentifier;
      const resource = grant.Properties.Resource as { DataCellsFilter?: { Name: string }; Table?: unknown };
      expect(resource.Table).toBeUndefined();
      const site = Object.entries(LEADS).find(([, arn]) => arn === principal)?.[0];
      expect(resource.DataCellsFilter?.Name).toBe(`opslake_site_${site}`);
      expect(grant.Properties.PermissionsWithGrantOption).toEqual([]);
    }
    const describes = grants.filter((g) => (g.Properties.Permissions as string[]).includes('DESCRIBE'));
    expect(describes).toHaveLength(Object.keys(LEADS).length * 2);
  });

  it('registers the marts prefix of the lake with Lake Formation', () => {
    const locations = Object.values(template.findResources('AWS::LakeFormation::Resource')) as Resource[];
    expect(locations).toHaveLength(1);
    expect(JSON.stringify(locations[0]?.Properties.ResourceArn)).toContain('/marts');
    expect(locations[0]?.Properties.UseServiceLinkedRole).toBe(true);
  });

  it('is cdk-nag clean', () => {
    const findings = new AwsSolutionsChecks(app)
      .validateScope(stack)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId}`));
    expect(findings).toEqual([]);
  });
});

describe('SiteAccess input errors', () => {
  it('names a site lead for a site the deployment does not have', () => {
    expect(() => synthOpslake({ siteLeads: { S9: 'arn:aws:iam::123456789012:role/x' } })).toThrow(/"S9" is not one of/);
  });

  it('rejects a site id that would break the filter expression', () => {
    const stack = new Stack(new App(), 'Bare');
    const site = "S1' OR '1'='1";
    const props = { lake: new s3.Bucket(stack, 'Lake'), sites: [site], tables: [], siteLeads: { [site]: 'arn:x' } };
    expect(() => new SiteAccess(stack, 'Access', props)).toThrow(/site id "S1' OR '1'='1" must match/);
  });

  it('adds nothing without site leads', () => {
    const { template } = synthOpslake();
    expect(Object.keys(template.findResources('AWS::LakeFormation::DataCellsFilter'))).toHaveLength(0);
  });
});
