/**
 * The stack's Outputs: what a deployer needs after `cdk deploy` — where to drop feed files, what
 * BI tools and analysts connect to, which policies to attach, where alerts go. docs/deploy.md
 * lists them; `aws cloudformation describe-stacks` prints them.
 */
import { CfnOutput } from 'aws-cdk-lib';
import type { OpslakeStack } from './opslake-stack.js';

export function addOutputs(stack: OpslakeStack): void {
  const output = (id: string, value: string, description: string) => new CfnOutput(stack, id, { value, description });
  const { storage, workgroups, access } = stack;
  output('LandingBucket', storage.landing.bucketName, 'Drop feed files here under <system>/<feed>/');
  output('LakeBucket', storage.lake.bucketName, 'Validated raw Parquet, audit log and the marts');
  output('QuarantineBucket', storage.quarantine.bucketName, 'Rejected rows and files with their reasons');
  output('AthenaResultsBucket', storage.athenaResults.bucketName, 'Athena query results, one prefix per workgroup');
  output('ReportsBucket', storage.reports.bucketName, 'Monthly governance reports under reports/<YYYY-MM>/');
  output('RawDatabase', stack.catalog.databaseName, 'Glue database of the raw tables (one per contract)');
  output('MartsDatabase', stack.transforms.martsDatabaseName, 'Glue database of the marts and KPI tables');
  output('BiDatabase', stack.transforms.biDatabaseName, 'Glue database of the BI star schema (docs/bi.md)');
  output('BiWorkgroup', workgroups.workgroups.bi.ref, 'Athena workgroup for BI tools');
  output('AnalystsWorkgroup', workgroups.workgroups.analysts.ref, 'Athena workgroup for analysts');
  output('BiPolicyArn', access.policies.bi.managedPolicyArn, 'Managed policy to attach to BI tool identities');
  output('AnalystsPolicyArn', access.policies.analysts.managedPolicyArn, 'Managed policy to attach to analysts');
  if (access.roles) {
    output('BiRoleArn', access.roles.bi.roleArn, 'Role BI tools assume (carries the BI policy)');
    output('AnalystsRoleArn', access.roles.analysts.roleArn, 'Role analysts assume (carries the analysts policy)');
  }
  output('AlertsTopicArn', stack.alerts.topic.topicArn, 'SNS topic of every alarm and failed run; subscribe here');
  output('TransformStateMachineArn', stack.transforms.stateMachine.stateMachineArn, 'Start a dbt run by hand');
}
