/**
 * SiteAccess: per-site row-level access to the marts through Lake Formation. Each site lead's
 * principal gets SELECT through a data-cells filter `site_id = '<site>'` on every table that
 * carries `site_id`, DESCRIBE on the databases, and nothing on tables without `site_id` (those are
 * cross-site by construction: dates, carriers, the KPI registry).
 *
 * Lake Formation filters rather than per-site views: a view needs its own grants on the base
 * tables, which would again expose every site; a filter is enforced by Athena's engine on the
 * table itself, and one filter per site and table follows dbt's rebuilds (same table name).
 *
 * Once the databases no longer grant `IAMAllowedPrincipals` (the step that makes the filters bite),
 * IAM alone opens nothing there: the stack's own writers (dbt) get Lake Formation `ALL` on the
 * databases and their tables plus data-location access, its cross-site readers (the report, the
 * BI/analyst roles) `SELECT` on every table, and each of them `lakeformation:GetDataAccess`.
 *
 * The filtered tables must exist when this deploys (dbt creates them on its first run), so switch
 * it on after the first transform. docs/deploy.md ("Per-site access") has the order of steps.
 */
import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lakeformation from 'aws-cdk-lib/aws-lakeformation';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MARTS_PREFIX } from '../../schemas/lake-layout.js';
import { grantLakeFormationDataAccess } from '../grants.js';

export interface SiteAccessTable {
  readonly database: string;
  readonly table: string;
}

export interface SiteAccessProps {
  /** The lake bucket; its `marts/` prefix is registered with Lake Formation. */
  readonly lake: s3.IBucket;
  /** Site id → principal (an IAM role or user ARN, or an SSO/SAML identity Lake Formation accepts). */
  readonly siteLeads: Readonly<Record<string, string>>;
  /** Site ids the deployment knows; a site lead for any other site is a mistake and fails synth. */
  readonly sites: readonly string[];
  /** Tables that carry `site_id` (see infra/site-scoped-models.ts); each gets one filter per site. */
  readonly tables: readonly SiteAccessTable[];
  /**
   * Register `s3://<lake>/marts/` with Lake Formation (service-linked role) so it vends credentials
   * for the filtered reads. Turn off when the location is already registered in the account.
   * @default true
   */
  readonly registerLocation?: boolean;
  /** Roles that create and replace the tables (dbt's build role). @default none */
  readonly writers?: readonly iam.IRole[];
  /** Roles that read every site's rows (the report, the stack's BI/analyst roles). @default none */
  readonly readers?: readonly iam.IRole[];
}

/** Site ids become part of SQL and of filter names, so only a plain alphabet is allowed. */
const SITE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class SiteAccess extends Construct {
  readonly filters: lakeformation.CfnDataCellsFilter[] = [];

  constructor(scope: Construct, id: string, props: SiteAccessProps) {
    super(scope, id);
    const catalogId = Stack.of(this).account;
    const leads = Object.entries(props.siteLeads);
    for (const [site, principal] of leads) {
      if (!SITE_ID.test(site)) throw new Error(`siteLeads: site id "${site}" must match ${SITE_ID}`);
      if (!props.sites.includes(site))
        throw new Error(`siteLeads: site "${site}" is not one of the deployment's sites (${props.sites.join(', ')})`);
      if (principal.trim() === '') throw new Error(`siteLeads: site "${site}" has an empty principal`);
    }
    const location =
      (props.registerLocation ?? true)
        ? new lakeformation.CfnResource(this, 'MartsLocation', {
            resourceArn: `${props.lake.bucketArn}/${MARTS_PREFIX.replace(/\/$/, '')}`,
            useServiceLinkedRole: true,
          })
        : undefined;
    const databases = [...new Set(props.tables.map((t) => t.database))];
    leads.forEach(([site, principal], index) => {
      const grants: Construct[] = [];
      for (const databaseName of databases) {
        grants.push(
          new lakeformation.CfnPrincipalPermissions(this, `Describe${index}${databaseName}`, {
            principal: { dataLakePrincipalIdentifier: principal },
            resource: { database: { catalogId, name: databaseName } },
            permissions: ['DESCRIBE'],
            permissionsWithGrantOption: [],
          }),
        );
      }
      for (const { database, table } of props.tables) {
        const filter = new lakeformation.CfnDataCellsFilter(this, `Filter${index}${database}${table}`, {
          tableCatalogId: catalogId,
          databaseName: database,
          tableName: table,
          name: `opslake_site_${site}`,
          rowFilter: { filterExpression: `site_id = '${site}'` },
          columnWildcard: { excludedColumnNames: [] },
        });
        this.filters.push(filter);
        const grant = new lakeformation.CfnPrincipalPermissions(this, `Select${index}${database}${table}`, {
          principal: { dataLakePrincipalIdentifier: principal },
          resource: {
            dataCellsFilter: { tableCatalogId: catalogId, databaseName: database, tableName: table, name: filter.name },
          },
          permissions: ['SELECT'],
          permissionsWithGrantOption: [],
        });
        grant.node.addDependency(filter);
        grants.push(grant);
      }
      if (location) for (const grant of grants) grant.node.addDependency(location);
    });
    const stackRoles = [
      ...(props.writers ?? []).map((role) => ({ role, writes: true })),
      ...(props.readers ?? []).map((role) => ({ role, writes: false })),
    ];
    stackRoles.forEach(({ role, writes }, index) => {
      const grants = this.grantWholeDatabases(`${writes ? 'Writer' : 'Reader'}${index}`, role, databases, writes);
      if (writes && location)
        grants.push(
          new lakeformation.CfnPrincipalPermissions(this, `Writer${index}Location`, {
            principal: { dataLakePrincipalIdentifier: role.roleArn },
            resource: { dataLocation: { catalogId, resourceArn: location.resourceArn } },
            permissions: ['DATA_LOCATION_ACCESS'],
            permissionsWithGrantOption: [],
          }),
        );
      if (location) for (const grant of grants) grant.node.addDependency(location);
      grantLakeFormationDataAccess(role);
    });
  }

  /** Writers: ALL on the databases and every table in them; readers: DESCRIBE and SELECT. */
  private grantWholeDatabases(
    id: string,
    role: iam.IRole,
    databases: readonly string[],
    writes: boolean,
  ): lakeformation.CfnPrincipalPermissions[] {
    const catalogId = Stack.of(this).account;
    const principal = { dataLakePrincipalIdentifier: role.roleArn };
    return databases.flatMap((name) => [
      new lakeformation.CfnPrincipalPermissions(this, `${id}Database${name}`, {
        principal,
        resource: { database: { catalogId, name } },
        permissions: writes ? ['ALL'] : ['DESCRIBE'],
        permissionsWithGrantOption: [],
      }),
      new lakeformation.CfnPrincipalPermissions(this, `${id}Tables${name}`, {
        principal,
        resource: { table: { catalogId, databaseName: name, tableWildcard: {} } },
        permissions: writes ? ['ALL'] : ['DESCRIBE', 'SELECT'],
        permissionsWithGrantOption: [],
      }),
    ]);
  }
}
