/**
 * The monthly report job in the template: a monthly schedule starts a state machine that runs the
 * Fargate task and alerts on failure; the task may query the marts in its workgroup, list raw
 * partitions (not read them), read quarantined rows, and write only under reports/.
 */
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { type PolicyStatement, resourcesOfType, statementsOfRole, synthOpslake } from './synth.js';

const actionsOf = (statement: PolicyStatement) => [statement.Action].flat();
const text = (value: unknown) => JSON.stringify(value) ?? '';

function definitionOf(definition: unknown): { States: Record<string, Record<string, unknown>>; StartAt: string } {
  const join = (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(join[1].map((part) => (typeof part === 'string' ? part : 'REF')).join(''));
}

describe('ReportJob', () => {
  const { stack, template } = synthOpslake();
  const job = stack.reports;
  const machine = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[logicalIdOf(job.stateMachine)];
  const asl = definitionOf(machine?.Properties?.DefinitionString);
  const taskRole = logicalIdOf(job.taskDefinition.taskRole);
  const statements = statementsOfRole(template, taskRole);

  it('runs on the 2nd of every month at 06:00 UTC, starting the state machine', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 6 2 * ? *)',
      State: 'ENABLED',
      Targets: [{ Arn: { Ref: logicalIdOf(job.stateMachine) } }],
    });
  });

  it('runs the Fargate task to completion, retries once, then alerts the topic and fails', () => {
    const run = asl.States[asl.StartAt];
    expect(run?.Resource).toMatch(/ecs:runTask\.sync$/);
    expect(text(run?.Parameters)).toContain('FARGATE');
    expect(run?.Retry).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 1 })]);
    expect(run?.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'NotifyFailure' })]);
    expect(asl.States.NotifyFailure?.Resource).toMatch(/sns:publish$/);
    expect(asl.States.NotifyFailure?.Next).toBe('ReportFailed');
  });

  it('alarms to the topic on a failed, timed-out or aborted run', () => {
    const alarm = resourcesOfType(template, 'AWS::CloudWatch::Alarm')[logicalIdOf(job.failedAlarm)]?.Properties ?? {};
    const metrics = alarm.Metrics as { MetricStat?: { Metric: { MetricName: string; Namespace: string } } }[];
    expect(metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort()).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    expect(alarm.AlarmActions).toEqual([{ Ref: logicalIdOf(stack.alerts.topic) }]);
  });

  it('runs the job image (a container asset: no Docker at synth) with the stack’s names', () => {
    const task = resourcesOfType(template, 'AWS::ECS::TaskDefinition')[logicalIdOf(job.taskDefinition)]?.Properties;
    const [container] = (task?.ContainerDefinitions ?? []) as {
      Image: unknown;
      Environment: { Name: string; Value: unknown }[];
    }[];
    expect(text(container?.Image)).toContain('cdk-hnb659fds-container-assets');
    const env = Object.fromEntries((container?.Environment ?? []).map((e) => [e.Name, e.Value]));
    expect(env.REPORTS_BUCKET).toEqual({ Ref: logicalIdOf(stack.storage.reports) });
    expect(env.MARTS_DATABASE).toBe('opslake_marts');
    expect(env.ATHENA_WORKGROUP).toEqual({ Ref: logicalIdOf(stack.workgroups.workgroups.bi) });
    expect(task?.RequiresCompatibilities).toEqual(['FARGATE']);
  });

  it('writes only under reports/ in the reports bucket', () => {
    const writes = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
    const resources = text(writes.map((s) => s.Resource));
    expect(resources).toContain(`${logicalIdOf(stack.storage.reports)}`);
    expect(resources).toContain('/reports/*');
    expect(resources).not.toContain(logicalIdOf(stack.storage.lake));
    expect(resources).not.toContain(logicalIdOf(stack.storage.quarantine));
  });

  it('lists raw/ partitions but reads no raw, landing or audit object', () => {
    const all = text(statements);
    expect(all).not.toContain(logicalIdOf(stack.storage.landing));
    const reads = statements.filter((s) => actionsOf(s).includes('s3:GetObject'));
    expect(text(reads.map((s) => s.Resource))).not.toMatch(/\/raw\/|\/audit\//);
    const rawList = statements.filter((s) => text(s).includes('"raw/*"'));
    expect(rawList.map(actionsOf)).toEqual([['s3:ListBucket']]);
  });

  it('queries only in its workgroup, over the marts and BI databases', () => {
    const athena = statements.filter((s) => actionsOf(s).includes('athena:StartQueryExecution'));
    expect(athena).toHaveLength(1);
    expect(text(athena[0]?.Resource)).toContain(logicalIdOf(stack.workgroups.workgroups.bi));
    const glue = text(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('glue:'))));
    expect(glue).toContain('opslake_marts');
    expect(glue).not.toContain('opslake_raw');
    expect(glue).not.toContain('opslake_staging');
  });

  it('runs in public subnets without a NAT gateway, with a public IP', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(text(asl.States[asl.StartAt]?.Parameters)).toContain('"AssignPublicIp":"ENABLED"');
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });
});
