/**
 * The alert path end to end in the template: every publisher to the encrypted alerts topic may use
 * its key, transform runs that fail, time out or are aborted raise alarms, the run's timeout lives on
 * the task (so the Catch that alerts still runs), daily feeds have freshness alarms on the ingest's
 * EMF metrics, and the quarantine rate is watched.
 */
import { describe, expect, it } from 'vitest';
import { FEED_DIMENSION, INGEST_METRICS_NAMESPACE, IngestMetric } from '../../functions/ingest/metrics.js';
import { logicalIdOf } from '../../infra/grants.js';
import { contracts } from '../../schemas/index.js';
import { type PolicyStatement, resourcesOfType, synthOpslake } from './synth.js';

const actionsOf = (statement: PolicyStatement) => [statement.Action].flat();

describe('alert path', () => {
  const { stack, template } = synthOpslake();
  const topicRef = JSON.stringify({ Ref: logicalIdOf(stack.alerts.topic) });
  const alertKeyArn = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack.alerts.key), 'Arn'] });
  const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
  const statementsOf = (policy: (typeof policies)[number]) =>
    (policy.Properties?.PolicyDocument as { Statement?: PolicyStatement[] } | undefined)?.Statement ?? [];
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');

  it('lets every principal that may publish to the topic use the topic key', () => {
    const publishers = policies.filter((policy) =>
      statementsOf(policy).some(
        (s) => actionsOf(s).includes('sns:Publish') && JSON.stringify(s.Resource).includes(topicRef),
      ),
    );
    expect(publishers.length).toBeGreaterThan(0);
    for (const policy of publishers) {
      const keyUse = statementsOf(policy).filter((s) => JSON.stringify(s.Resource).includes(alertKeyArn));
      const keyActions = keyUse.flatMap(actionsOf);
      expect(keyActions).toEqual(expect.arrayContaining(['kms:Decrypt']));
      expect(keyActions.some((a) => a === 'kms:GenerateDataKey' || a === 'kms:GenerateDataKey*')).toBe(true);
    }
    // The state machine is one of them.
    const machineRole = logicalIdOf(stack.transforms.stateMachine.role);
    expect(publishers.some((p) => JSON.stringify(p.Properties?.Roles).includes(machineRole))).toBe(true);
  });

  it('lets CloudWatch (this account only) use the topic key for alarm notifications', () => {
    const key = resourcesOfType(template, 'AWS::KMS::Key')[logicalIdOf(stack.alerts.key)];
    const statements =
      (key?.Properties?.KeyPolicy as { Statement?: Record<string, unknown>[] } | undefined)?.Statement ?? [];
    const cloudwatch = statements.find((s) => JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'));
    expect(cloudwatch?.Action).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
    expect(JSON.stringify(cloudwatch?.Condition)).toContain('aws:SourceAccount');
  });

  it('alarms on failed, timed-out and aborted transform executions, to the topic', () => {
    const machine = JSON.stringify({ Ref: logicalIdOf(stack.transforms.stateMachine) });
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      const found = Object.values(alarms).filter(
        (a) =>
          a.Properties?.MetricName === metric &&
          a.Properties?.Namespace === 'AWS/States' &&
          JSON.stringify(a.Properties?.Dimensions).includes(machine),
      );
      expect(found, metric).toHaveLength(1);
      expect(found[0]?.Properties?.AlarmActions).toEqual([{ Ref: logicalIdOf(stack.alerts.topic) }]);
      expect(found[0]?.Properties?.Threshold).toBe(0);
    }
  });

  it('times the build out in the task, not the execution, so the Catch still alerts', () => {
    const resource = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[
      logicalIdOf(stack.transforms.stateMachine)
    ];
    const join = (resource?.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] } | undefined)?.[
      'Fn::Join'
    ] ?? ['', []];
    const asl = JSON.parse(join[1].map((p) => (typeof p === 'string' ? p : 'REF')).join('')) as {
      TimeoutSeconds?: number;
      States: Record<string, { TimeoutSeconds?: number; Catch?: unknown[] }>;
    };
    const task = asl.States.RunDbt;
    const project = resourcesOfType(template, 'AWS::CodeBuild::Project')[logicalIdOf(stack.transforms.project)];
    const buildSeconds = Number(project?.Properties?.TimeoutInMinutes) * 60;
    expect(task?.TimeoutSeconds).toBeGreaterThan(buildSeconds);
    expect(task?.Catch).toHaveLength(1);
    // Three attempts, each up to the task timeout, must end before the execution's own timeout.
    expect(asl.TimeoutSeconds).toBeGreaterThan(3 * Number(task?.TimeoutSeconds));
  });

  it('has a freshness alarm on FilesLoaded for every daily feed, breaching when no data arrives', () => {
    const daily = contracts.filter((c) => c.cadence === 'daily');
    expect(daily.length).toBeGreaterThan(5);
    for (const contract of daily) {
      const found = Object.values(alarms).filter(
        (a) =>
          a.Properties?.Namespace === INGEST_METRICS_NAMESPACE &&
          a.Properties?.MetricName === IngestMetric.filesLoaded &&
          JSON.stringify(a.Properties?.Dimensions).includes(
            JSON.stringify({ Name: FEED_DIMENSION, Value: contract.id }),
          ),
      );
      expect(found, contract.id).toHaveLength(1);
      const props = found[0]?.Properties ?? {};
      expect(props.ComparisonOperator).toBe('LessThanThreshold');
      expect(props.TreatMissingData).toBe('breaching');
      // CloudWatch's limit: period × evaluation periods ≤ 7 days.
      expect(Number(props.Period) * Number(props.EvaluationPeriods)).toBeLessThanOrEqual(7 * 86400);
      expect(Number(props.Period) * Number(props.EvaluationPeriods)).toBeGreaterThanOrEqual(86400);
      expect(props.AlarmActions).toEqual([{ Ref: logicalIdOf(stack.alerts.topic) }]);
    }
    expect(stack.monitoring.freshnessAlarms.size).toBe(daily.length);
  });

  it('alarms on the share of rows quarantined, computed from the ingest metrics', () => {
    const alarm = alarms[logicalIdOf(stack.monitoring.quarantineRateAlarm)]?.Properties ?? {};
    const metrics = alarm.Metrics as { Expression?: string; MetricStat?: { Metric: { MetricName: string } } }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toContain('rejected / rowsIn');
    expect(metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort()).toEqual(
      [IngestMetric.rowsIn, IngestMetric.rowsRejected].sort(),
    );
    expect(alarm.AlarmActions).toEqual([{ Ref: logicalIdOf(stack.alerts.topic) }]);
  });

  it('has a dashboard', () => {
    expect(Object.keys(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'))).toHaveLength(1);
  });
});
