/**
 * OpsAlerts: the one SNS topic every opslake alarm and failed run reports to, so an operator
 * subscribes once. It has its own KMS key because CloudWatch alarms must be allowed to use the key
 * of an encrypted topic, and that grant should not extend to the key protecting the lake.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OpsAlertsProps {
  /** E-mail addresses subscribed to the topic; each must confirm the subscription. */
  readonly emails?: readonly string[];
  readonly destroyOnRemoval?: boolean;
}

export class OpsAlerts extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: OpsAlertsProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'opslake alerts topic',
      enableKeyRotation: true,
      removalPolicy: props.destroyOnRemoval ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    // CloudWatch publishes alarm notifications as itself, not as a role we could grant to.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        // Only this account's alarms, not any account's CloudWatch acting as a confused deputy.
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'opslake alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }

  /**
   * Lets `grantee` publish to the topic, including the use of its key: without kms:GenerateDataKey
   * on an encrypted topic, sns:Publish fails with KMSAccessDenied and the alert is lost.
   */
  grantPublish(grantee: iam.IGrantable): void {
    this.topic.grantPublish(grantee);
  }
}
