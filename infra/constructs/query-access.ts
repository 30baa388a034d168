/**
 * QueryAccess: the way in for BI tools and analysts — one managed policy per reader kind, and
 * optionally roles carrying them.
 *
 * A policy lets its holder run queries in its own workgroup (whose enforced settings fix the result
 * location, encryption and scan cutoff), read the marts and BI Glue databases and their data under
 * the lake's `marts/`, read and write its workgroup's results prefix, and use the data key for
 * those objects. Nothing on `raw/`, the audit log, the ledger, quarantine or landing, and not dbt's
 * staging database: readers see governed tables only.
 *
 * Policies rather than users: identities are the organisation's (SSO permission sets, federated
 * roles, a BI gateway's role); attach the policy there. The roles are a convenience for a first
 * deploy, created when a trusted principal is given.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MARTS_PREFIX } from '../../schemas/lake-layout.js';
import {
  GLUE_READ_ACTIONS,
  keyActionsFor,
  LAKE_FORMATION_DATA_ACCESS,
  LAKE_FORMATION_DATA_ACCESS_REASON,
  type PrefixGrant,
  prefixStatements,
} from '../grants.js';

export type ReaderKind = 'bi' | 'analysts';

export interface QueryAccessProps {
  readonly lake: s3.IBucket;
  readonly athenaResults: s3.IBucket;
  /** Encrypts the lake and the Athena results. */
  readonly key: kms.IKey;
  /** Each reader kind's workgroup; results go under `<purpose>/` of the results bucket. */
  readonly workgroups: Readonly<Record<ReaderKind, athena.CfnWorkGroup>>;
  /** Glue databases readers may query (marts and BI); their data lies under the lake's `marts/<database>/`. */
  readonly databases: readonly string[];
  /**
   * Principal (an account or role ARN) allowed to assume a role per reader kind carrying its
   * policy. @default no roles; attach the policies to your own identities
   */
  readonly trustedPrincipal?: string;
  /**
   * The marts are read through Lake Formation (per-site access is on): add
   * `lakeformation:GetDataAccess`, without which Lake Formation vends no credentials.
   * @default false
   */
  readonly lakeFormation?: boolean;
}

/** Athena calls a JDBC/ODBC client makes in a workgroup: run, poll, page, stream, list, catalog. */
const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'athena:GetQueryRuntimeStatistics',
  'athena:GetWorkGroup',
];
/** Drivers list catalogs, databases and tables through Athena's metadata API before any query. */
const ATHENA_CATALOG_ACTIONS = [
  'athena:GetDataCatalog',
  'athena:ListDatabases',
  'athena:GetDatabase',
  'athena:ListTableMetadata',
  'athena:GetTableMetadata',
];

export class QueryAccess extends Construct {
  readonly policies: Readonly<Record<ReaderKind, iam.ManagedPolicy>>;
  /** Present when `trustedPrincipal` was given. */
  readonly roles?: Readonly<Record<ReaderKind, iam.Role>>;

  constructor(scope: Construct, id: string, props: QueryAccessProps) {
    super(scope, id);
    const make = (kind: ReaderKind, description: string) => this.policyFor(kind, description, props);
    this.policies = {
      bi: make('bi', 'opslake BI tools (Power BI, Tableau): query the marts and BI databases in opslake-bi'),
      analysts: make('analysts', 'opslake analysts: ad-hoc SQL over the marts and BI databases in opslake-analysts'),
    };
    if (props.trustedPrincipal) {
      const principal = new iam.ArnPrincipal(props.trustedPrincipal);
      const role = (kind: ReaderKind) =>
        new iam.Role(this, `${kind}Role`, {
          assumedBy: principal,
          description: `opslake ${kind} readers`,
          managedPolicies: [this.policies[kind]],
        });
      this.roles = { bi: role('bi'), analysts: role('analysts') };
    }
  }

  private policyFor(kind: ReaderKind, description: string, props: QueryAccessProps): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const glue = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });
    const policy = new iam.ManagedPolicy(this, `${kind}Policy`, { description });
    const workgroup = props.workgroups[kind];
    policy.addStatements(
      new iam.PolicyStatement({
        actions: ATHENA_QUERY_ACTIONS,
        resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workgroup.ref })],
      }),
      new iam.PolicyStatement({
        actions: ATHENA_CATALOG_ACTIONS,
        resources: [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      }),
      // Drivers list what they may choose from; listing reveals names only, not data.
      new iam.PolicyStatement({ actions: ['athena:ListWorkGroups', 'athena:ListDataCatalogs'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: [...GLUE_READ_ACTIONS],
        resources: [
          glue('catalog'),
          ...props.databases.flatMap((name) => [glue('database', name), glue('table', `${name}/*`)]),
        ],
      }),
    );
    const grants: PrefixGrant[] = [
      // dbt writes a table's data under marts/<database>/<table>/ (s3_data_naming in profiles.yml).
      ...props.databases.map(
        (name): PrefixGrant => ({ bucket: props.lake, prefix: `${MARTS_PREFIX}${name}/`, access: 'read' }),
      ),
      // Athena writes a query's results with the caller's credentials.
      { bucket: props.athenaResults, prefix: `${kind}/`, access: 'readWrite' },
    ];
    policy.addStatements(
      ...prefixStatements(grants, policy),
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [props.lake.bucketArn, props.athenaResults.bucketArn],
      }),
      new iam.PolicyStatement({ actions: keyActionsFor(grants), resources: [props.key.keyArn] }),
    );
    for (const name of props.databases) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${name}/*]`,
        reason: `Readers query every table dbt builds in ${name}; tables are created by dbt at run time.`,
      });
    }
    const listReason = 'athena:ListWorkGroups and athena:ListDataCatalogs support no resource-level permissions.';
    if (props.lakeFormation)
      policy.addStatements(new iam.PolicyStatement({ actions: [LAKE_FORMATION_DATA_ACCESS], resources: ['*'] }));
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: props.lakeFormation ? `${listReason} ${LAKE_FORMATION_DATA_ACCESS_REASON}` : listReason,
    });
    return policy;
  }
}
