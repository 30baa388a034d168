/**
 * grantPrefixes' access kinds in a template: each grants exactly its object actions on its prefix
 * and listing of that prefix; only `read` goes without the key's GenerateDataKey.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { grantPrefixes, logicalIdOf, type ObjectAccess } from '../../infra/grants.js';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The statements a role gets from one grant of `access` on `p/` of a bucket. */
function statementsFor(access: ObjectAccess) {
  const stack = new Stack(new App(), 'Grants');
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  grantPrefixes(role, role, [{ bucket, prefix: 'p/', access }], key);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const statements = Object.values(policies).flatMap(
    (p) => (p.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
  );
  return { statements, bucketId: logicalIdOf(bucket), keyId: logicalIdOf(key) };
}

const READ = ['s3:GetObject', 's3:GetObjectVersion'];
const WRITE = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

describe('grantPrefixes', () => {
  it.each([
    ['read', READ, ['kms:Decrypt']],
    ['write', WRITE, ['kms:Decrypt', 'kms:GenerateDataKey']],
    ['readWrite', [...READ, ...WRITE], ['kms:Decrypt', 'kms:GenerateDataKey']],
    ['readPut', [...READ, 's3:PutObject'], ['kms:Decrypt', 'kms:GenerateDataKey']],
  ] as const)(
    '%s: exactly its object actions under the prefix, listing it, and its key use',
    (access, objectActions, keyActions) => {
      const { statements, bucketId, keyId } = statementsFor(access);
      const actions = (s: Statement) => [s.Action].flat();
      const objects = statements.filter((s) => actions(s).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'));
      expect(objects).toEqual([
        {
          Effect: 'Allow',
          Action: [...objectActions],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/p/*']] },
        },
      ]);
      const lists = statements.filter((s) => actions(s).includes('s3:ListBucket'));
      expect(lists.map((s) => s.Condition)).toEqual([{ StringLike: { 's3:prefix': ['p/*'] } }]);
      const key = statements.filter((s) => actions(s).some((a) => a.startsWith('kms:')));
      expect(key.flatMap(actions).sort()).toEqual([...keyActions].sort());
      for (const s of key) expect(s.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    },
  );
});
