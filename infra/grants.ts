/**
 * Prefix-scoped S3 grants with explicit actions.
 *
 * The `bucket.grantRead/Write` helpers grant wildcard actions (`s3:GetObject*`, `s3:Abort*`, …) on
 * whole buckets; opslake's roles each touch a few prefixes of a few buckets, so they get exactly
 * the object actions they use, on exactly those prefixes, plus the key use SSE-KMS requires.
 */
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * - `read`: get objects; `write`: put, delete, abort multipart uploads; `readWrite`: both.
 * - `readPut`: get and put only — for compare-and-swap entries (a single conditional PUT each) that
 *   are replaced but never removed, where a delete would orphan what the entry owns.
 */
export type ObjectAccess = 'read' | 'write' | 'readWrite' | 'readPut';

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const PUT_ACTIONS = ['s3:PutObject'];
// Overwrites (re-deliveries) and staged-then-published writes need delete; multipart uploads may
// be abandoned by a crashed writer.
const WRITE_ACTIONS = [...PUT_ACTIONS, 's3:DeleteObject', 's3:AbortMultipartUpload'];

const ACTIONS_OF: Readonly<Record<ObjectAccess, readonly string[]>> = {
  read: READ_ACTIONS,
  write: WRITE_ACTIONS,
  readWrite: [...READ_ACTIONS, ...WRITE_ACTIONS],
  readPut: [...READ_ACTIONS, ...PUT_ACTIONS],
};

export interface PrefixGrant {
  readonly bucket: s3.IBucket;
  /** Key prefix such as `raw/`; `''` means the whole bucket. */
  readonly prefix: string;
  readonly access: ObjectAccess;
}

/**
 * Grants `grantee` object access under each prefix, listing of those prefixes, and the bucket
 * key's use. Records why the resulting `<bucket>/<prefix>*` resources are acceptable to cdk-nag,
 * on `acknowledgeAt` (the construct owning the grantee), since a key prefix is the narrowest
 * resource S3 offers for objects that do not exist yet.
 */
export function grantPrefixes(
  grantee: iam.IGrantable,
  acknowledgeAt: IConstruct,
  grants: readonly PrefixGrant[],
  key: kms.IKey,
): void {
  for (const statement of prefixStatements(grants, acknowledgeAt))
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  // Reading SSE-KMS objects needs Decrypt; writing needs GenerateDataKey (and Decrypt for multipart).
  key.grant(grantee, ...keyActionsFor(grants));
}

/** The KMS actions SSE-KMS object access under `grants` needs. */
export function keyActionsFor(grants: readonly PrefixGrant[]): string[] {
  return ['kms:Decrypt', ...(grants.some((g) => g.access !== 'read') ? ['kms:GenerateDataKey'] : [])];
}

/**
 * The statements behind `grantPrefixes`, for a principal that is not an IGrantable (a managed
 * policy): object actions under each prefix and listing of that prefix only. Acknowledges the
 * `<bucket>/<prefix>*` resources to cdk-nag on `acknowledgeAt`.
 */
export function prefixStatements(grants: readonly PrefixGrant[], acknowledgeAt: IConstruct): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  for (const grant of grants) {
    const actions = [...ACTIONS_OF[grant.access]];
    statements.push(new iam.PolicyStatement({ actions, resources: [grant.bucket.arnForObjects(`${grant.prefix}*`)] }));
    statements.push(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [grant.bucket.bucketArn],
        ...(grant.prefix === '' ? {} : { conditions: { StringLike: { 's3:prefix': [`${grant.prefix}*`] } } }),
      }),
    );
    Validations.of(acknowledgeAt).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(grant.bucket)}.Arn>/${grant.prefix}*]`,
      reason: `Objects under ${grant.prefix || 'the bucket'} are created at run time; the key prefix is the narrowest resource.`,
    });
  }
  return statements;
}

/** The CloudFormation logical id of a construct's resource, as cdk-nag prints it in findings. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  const id: unknown = Stack.of(resource).resolve(resource.logicalId);
  if (typeof id !== 'string') throw new Error(`${construct.node.path}: logical id did not resolve to a string`);
  return id;
}

/** Reading the Glue catalog: databases, tables and partitions (the query users and the transform runner). */
export const GLUE_READ_ACTIONS: readonly string[] = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

/**
 * `lakeformation:GetDataAccess` for a role reading or writing a Lake Formation-registered location:
 * Lake Formation vends the S3 credentials only to callers allowed this action, which has no
 * resource-level permissions (so `*`, acknowledged on the role).
 */
export function grantLakeFormationDataAccess(role: iam.IRole): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [LAKE_FORMATION_DATA_ACCESS], resources: ['*'] }));
  Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: LAKE_FORMATION_DATA_ACCESS_REASON });
}

export const LAKE_FORMATION_DATA_ACCESS = 'lakeformation:GetDataAccess';
export const LAKE_FORMATION_DATA_ACCESS_REASON =
  'lakeformation:GetDataAccess supports no resource-level permissions; Lake Formation grants decide what it vends.';
