/**
 * The scheduled compaction in the template: a daily rule (02:30 UTC, before the 03:00 maintenance
 * run) invokes the compaction Lambda, one run at a time; its role may read, write and delete under
 * raw/ and audit/ in the lake, read and put (never delete) compaction entries, only read the source
 * ledger, and nothing else; a failed run alarms the ops topic.
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import {
  AUDIT_ROOT_PREFIX,
  PARTITION_LEDGER_PREFIX,
  RAW_PREFIX,
  SOURCE_LEDGER_PREFIX,
} from '../../schemas/lake-layout.js';
import { type PolicyStatement, resourcesOfType, statementsOfRole, synthOpslake } from './synth.js';

const actionsOf = (statement: PolicyStatement) => [statement.Action].flat();
const text = (value: unknown) => JSON.stringify(value) ?? '';

const READ = ['s3:GetObject', 's3:GetObjectVersion'];
const READ_WRITE_DELETE = [...READ, 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

/**
 * `bucket/prefix` → the object actions granted on `arn:…:<bucket>/<prefix>*`, from the statements'
 * `Fn::Join` resources (one statement may carry several resources with the same actions).
 */
function objectGrantsOf(statements: readonly PolicyStatement[]): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const statement of statements) {
    const actions = actionsOf(statement);
    if (!actions.some((a) => a.startsWith('s3:') && a !== 's3:ListBucket')) continue;
    for (const resource of [statement.Resource].flat()) {
      const parts = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
      const bucket = (parts[0] as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
      const suffix = parts[1];
      if (typeof suffix !== 'string' || !suffix.startsWith('/') || !suffix.endsWith('*'))
        throw new Error(`not a prefix resource: ${text(resource)}`);
      const where = `${bucket}/${suffix.slice(1, -1)}`;
      grants.set(where, [...(grants.get(where) ?? []), ...actions].sort());
    }
  }
  return grants;
}

describe('LakeCompaction', () => {
  const { stack, template } = synthOpslake();
  const compaction = stack.lakeCompaction;
  const functionId = logicalIdOf(compaction.function);
  const lakeId = logicalIdOf(stack.storage.lake);
  const lambdaProperties = resourcesOfType(template, 'AWS::Lambda::Function')[functionId]?.Properties ?? {};
  const role = (lambdaProperties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statements = statementsOfRole(template, role);

  it('runs daily at 02:30 UTC, invoking the function without EventBridge retries', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 2 * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('takes another schedule from the stack props', () => {
    const hourly = synthOpslake({ compactionSchedule: events.Schedule.rate(Duration.hours(1)) });
    hourly.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
  });

  it('is the compaction handler on the ingest runtime, one run at a time, with the lake bucket in its environment', () => {
    expect(lambdaProperties.Handler).toBe('index.handler');
    expect(lambdaProperties.Runtime).toBe('nodejs24.x');
    expect(lambdaProperties.ReservedConcurrentExecutions).toBe(1);
    expect(lambdaProperties.Timeout).toBe(900);
    const env = (lambdaProperties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.LAKE_BUCKET).toEqual({ Ref: lakeId });
    expect(env.POWERTOOLS_SERVICE_NAME).toBe('opslake-compaction');
    expect(Object.keys(env)).not.toContain('LANDING_BUCKET');
  });

  it('may read, write and delete under raw/ and audit/, read and put compaction entries, only read the source ledger', () => {
    expect(objectGrantsOf(statements)).toEqual(
      new Map([
        [`${lakeId}/${RAW_PREFIX}`, [...READ_WRITE_DELETE].sort()],
        [`${lakeId}/${AUDIT_ROOT_PREFIX}`, [...READ_WRITE_DELETE].sort()],
        [`${lakeId}/${PARTITION_LEDGER_PREFIX}`, [...READ, 's3:PutObject'].sort()],
        [`${lakeId}/${SOURCE_LEDGER_PREFIX}`, [...READ].sort()],
      ]),
    );
    const all = text(statements);
    for (const other of [stack.storage.landing, stack.storage.quarantine, stack.storage.reports]) {
      expect(all).not.toContain(logicalIdOf(other));
    }
  });

  it('lists only those four prefixes of the lake', () => {
    const lists = statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    const prefixes = lists.flatMap(
      (s) => (s as { Condition?: { StringLike?: { 's3:prefix'?: string[] } } }).Condition?.StringLike?.['s3:prefix'],
    );
    expect(prefixes.sort()).toEqual(
      [RAW_PREFIX, AUDIT_ROOT_PREFIX, PARTITION_LEDGER_PREFIX, SOURCE_LEDGER_PREFIX].map((p) => `${p}*`).sort(),
    );
    for (const list of lists) expect(list.Resource).toEqual({ 'Fn::GetAtt': [lakeId, 'Arn'] });
  });

  it('may decrypt and generate data keys with the lake key only', () => {
    const kms = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms.flatMap(actionsOf).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const statement of kms) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack.storage.key), 'Arn'] });
    }
  });

  it('alarms the ops topic when a run fails', () => {
    const alarm = resourcesOfType(template, 'AWS::CloudWatch::Alarm')[logicalIdOf(compaction.alarm)]?.Properties ?? {};
    expect(alarm.MetricName).toBe('Errors');
    expect(alarm.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: functionId } }]);
    expect(alarm.AlarmActions).toEqual([{ Ref: logicalIdOf(stack.alerts.topic) }]);
  });
});
