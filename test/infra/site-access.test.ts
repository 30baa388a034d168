import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { SiteAccess } from '../../infra/constructs/site-access.js';
import { logicalIdOf } from '../../infra/grants.js';
import type { OpslakeStack } from '../../infra/opslake-stack.js';
import { siteScopedTables } from '../../infra/site-scoped-models.js';
import { synthOpslake } from './synth.js';

const LEADS = { S1: 'arn:aws:iam::123456789012:role/s1-lead', 'EU-7': 'arn:aws:iam::123456789012:role/eu7-lead' };

type Resource = { Properties: Record<string, unknown> };

function principalOf(grant: Resource): unknown {
  return (grant.Properties.Principal as { DataLakePrincipalIdentifier: unknown }).DataLakePrincipalIdentifier;
}

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
    const leads = new Set(Object.values(LEADS));
    const grants = (
      Object.values(template.findResources('AWS::LakeFormation::PrincipalPermissions')) as Resource[]
    ).filter((g) => leads.has(principalOf(g) as string));
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

  describe("the stack's own roles, which IAM alone no longer lets in", () => {
    const withRoles = synthOpslake({ siteLeads: LEADS, readerRolePrincipal: 'arn:aws:iam::123456789012:root' });
    const all = Object.values(
      withRoles.template.findResources('AWS::LakeFormation::PrincipalPermissions'),
    ) as Resource[];
    const grantsOf = (role: IConstruct) => {
      const id = logicalIdOf(role);
      return all.filter((g) => JSON.stringify(principalOf(g)) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    };
    const databases = [withRoles.stack.transforms.martsDatabaseName, withRoles.stack.transforms.biDatabaseName];
    const summary = (grants: Resource[]) =>
      grants
        .map((g) => {
          const r = g.Properties.Resource as Record<string, Record<string, unknown>>;
          const [kind, target] = Object.entries(r)[0] as [string, Record<string, unknown>];
          const name = kind === 'Database' ? target.Name : kind === 'Table' ? target.DatabaseName : 'marts location';
          return `${kind.toLowerCase()} ${String(name)}: ${(g.Properties.Permissions as string[]).join('+')}`;
        })
        .sort();

    it("gives dbt's build role ALL on both databases and their tables, and the marts location", () => {
      const role = withRoles.stack.transforms.project.role as IConstruct;
      expect(summary(grantsOf(role))).toEqual(
        [
          ...databases.flatMap((d) => [`database ${d}: ALL`, `table ${d}: ALL`]),
          'datalocation marts location: DATA_LOCATION_ACCESS',
        ].sort(),
      );
    });

    it('gives the report and the BI/analyst roles SELECT on every table (all sites), nothing more', () => {
      const readers = [
        withRoles.stack.reports.taskDefinition.taskRole,
        ...Object.values(withRoles.stack.access.roles ?? {}),
      ];
      expect(readers).toHaveLength(3);
      for (const role of readers)
        expect(summary(grantsOf(role))).toEqual(
          databases.flatMap((d) => [`database ${d}: DESCRIBE`, `table ${d}: DESCRIBE+SELECT`]).sort(),
        );
    });

    it('adds lakeformation:GetDataAccess to those roles and to the BI/analyst policies — only with per-site access', () => {
      const hasDataAccess = (template: Template, id: string) =>
        JSON.stringify(template.toJSON().Resources[id]).includes('lakeformation:GetDataAccess');
      const policyIds = (stack: OpslakeStack) => Object.values(stack.access.policies).map((p) => logicalIdOf(p));
      for (const id of policyIds(withRoles.stack)) expect(hasDataAccess(withRoles.template, id)).toBe(true);
      const without = synthOpslake({ readerRolePrincipal: 'arn:aws:iam::123456789012:root' });
      for (const id of policyIds(without.stack)) expect(hasDataAccess(without.template, id)).toBe(false);
      const buildPolicy = (role: IConstruct) => {
        const child = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
        return logicalIdOf(child as IConstruct);
      };
      expect(
        hasDataAccess(withRoles.template, buildPolicy(withRoles.stack.transforms.project.role as IConstruct)),
      ).toBe(true);
      expect(hasDataAccess(without.template, buildPolicy(without.stack.transforms.project.role as IConstruct))).toBe(
        false,
      );
    });
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
