/**
 * The scheduled audit compaction in the template: a daily rule (02:30 UTC, before the 03:00
 * maintenance run) invokes the compaction Lambda, one run at a time; its role may read, write and
 * delete only under audit/ in the lake, and a failed run alarms the ops topic.
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { AUDIT_ROOT_PREFIX } from '../../schemas/lake-layout.js';
import { type PolicyStatement, resourcesOfType, statementsOfRole, synthOpslake } from './synth.js';

const actionsOf = (statement: PolicyStatement) => [statement.Action].flat();
const text = (value: unknown) => JSON.stringify(value) ?? '';

describe('AuditCompaction', () => {
  const { stack, template } = synthOpslake();
  const compaction = stack.auditCompaction;
  const functionId = logicalIdOf(compaction.function);
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
    const hourly = synthOpslake({ auditCompactionSchedule: events.Schedule.rate(Duration.hours(1)) });
    hourly.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
  });

  it('is the compaction handler on the ingest runtime, one run at a time, with the lake bucket in its environment', () => {
    expect(lambdaProperties.Handler).toBe('index.handler');
    expect(lambdaProperties.Runtime).toBe('nodejs24.x');
    expect(lambdaProperties.ReservedConcurrentExecutions).toBe(1);
    expect(lambdaProperties.Timeout).toBe(900);
    const env = (lambdaProperties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.LAKE_BUCKET).toEqual({ Ref: logicalIdOf(stack.storage.lake) });
    expect(Object.keys(env)).not.toContain('LANDING_BUCKET');
  });

  it('may read, write and delete objects only under audit/ in the lake', () => {
    const objectStatements = statements.filter((s) =>
      actionsOf(s).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'),
    );
    expect(objectStatements.length).toBeGreaterThan(0);
    for (const statement of objectStatements) {
      expect(text(statement.Resource)).toContain(logicalIdOf(stack.storage.lake));
      expect(text(statement.Resource)).toContain(`/${AUDIT_ROOT_PREFIX}*`);
    }
    const actions = objectStatements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    const all = text(statements);
    for (const other of [stack.storage.landing, stack.storage.quarantine, stack.storage.reports]) {
      expect(all).not.toContain(logicalIdOf(other));
    }
    const lists = statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(text(lists)).toContain(`"${AUDIT_ROOT_PREFIX}*"`);
  });

  it('alarms the ops topic when a run fails', () => {
    const alarm = resourcesOfType(template, 'AWS::CloudWatch::Alarm')[logicalIdOf(compaction.alarm)]?.Properties ?? {};
    expect(alarm.MetricName).toBe('Errors');
    expect(alarm.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: functionId } }]);
    expect(alarm.AlarmActions).toEqual([{ Ref: logicalIdOf(stack.alerts.topic) }]);
  });
});
