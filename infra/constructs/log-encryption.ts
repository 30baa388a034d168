/**
 * LogEncryption: the KMS key every opslake log group is encrypted with, and the factory that makes
 * those log groups. Logs carry file names, row counts and error text from the feeds, so they get
 * a customer-managed key like the data — but their own key, because CloudWatch Logs must be allowed
 * to use it, and that grant should not reach the key protecting the lake.
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LogEncryptionProps {
  /** Schedule the key for deletion on stack removal (dev stacks); the default retains it. @default false */
  readonly destroyOnRemoval?: boolean;
}

export interface EncryptedLogGroupProps {
  /** @default three months */
  readonly retention?: logs.RetentionDays;
  /** @default RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class LogEncryption extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LogEncryptionProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'opslake CloudWatch log groups',
      enableKeyRotation: true,
      removalPolicy: props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts as itself (the regional service principal), only for this account's
    // log groups: the encryption context names the log group.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }

  /** A log group encrypted with this key. */
  logGroup(scope: Construct, id: string, props: EncryptedLogGroupProps = {}): logs.LogGroup {
    return new logs.LogGroup(scope, id, {
      encryptionKey: this.key,
      retention: props.retention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
