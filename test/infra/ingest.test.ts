import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { resourcesOfType, statementsOfRole, synthOpslake } from './synth.js';

describe('IngestPipeline', () => {
  const { stack, template } = synthOpslake();
  const ingest = stack.ingest;
  const functionId = logicalIdOf(ingest.function);
  const queueId = logicalIdOf(ingest.queue);
  const dlqId = logicalIdOf(ingest.deadLetterQueue);
  const lambdaFunction = resourcesOfType(template, 'AWS::Lambda::Function')[functionId]?.Properties ?? {};

  it('runs the ingest handler on Node 24, arm64, one full vCPU, 5 minutes, 20 reserved', () => {
    expect(lambdaFunction).toMatchObject({
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 20,
      Architectures: ['arm64'],
      MemorySize: 1769,
      Timeout: 300,
      Handler: 'index.handler',
    });
  });

  it('tells the handler where the buckets are', () => {
    const ref = (construct: Parameters<typeof logicalIdOf>[0]) => ({ Ref: logicalIdOf(construct) });
    expect((lambdaFunction.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      LANDING_BUCKET: ref(stack.storage.landing),
      LAKE_BUCKET: ref(stack.storage.lake),
      QUARANTINE_BUCKET: ref(stack.storage.quarantine),
      POWERTOOLS_SERVICE_NAME: 'opslake-ingest',
      LOG_LEVEL: 'INFO',
    });
  });

  it('consumes the queue with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('parks a message in the dead-letter queue after five receives', () => {
    const queue = resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties;
    expect(queue?.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('keeps a message invisible for at least six function timeouts', () => {
    const queue = resourcesOfType(template, 'AWS::SQS::Queue')[queueId]?.Properties;
    expect(Number(queue?.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * Number(lambdaFunction.Timeout));
  });

  it('encrypts both queues with KMS and denies non-TLS access', () => {
    for (const id of [queueId, dlqId]) {
      const queue = resourcesOfType(template, 'AWS::SQS::Queue')[id]?.Properties;
      expect(queue?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/QueueKey/), 'Arn'] });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('sends object-created events of the landing bucket to the queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalIdOf(stack.storage.landing) },
      NotificationConfiguration: {
        QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] } }],
      },
    });
  });

  it('alarms to the alerts topic on any dead letter and any function error', () => {
    const topic = { Ref: logicalIdOf(stack.alerts.topic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Threshold: 0,
      AlarmActions: [topic],
    });
  });

  describe('least privilege', () => {
    const roleId = logicalIdOf(ingest.function.role ?? ingest.function);
    const statements = statementsOfRole(template, roleId);
    const actionsOn = (bucket: Parameters<typeof logicalIdOf>[0]) => {
      const arn = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(bucket), 'Arn'] });
      return new Set(
        statements.filter((s) => JSON.stringify(s.Resource).includes(arn)).flatMap((s) => [s.Action].flat()),
      );
    };

    it('grants no wildcard actions and no managed policies', () => {
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
      }
      const role = resourcesOfType(template, 'AWS::IAM::Role')[roleId]?.Properties;
      expect(role?.ManagedPolicyArns).toBeUndefined();
    });

    it('reads the landing bucket without writing to it', () => {
      const landing = actionsOn(stack.storage.landing);
      expect(landing.has('s3:GetObject')).toBe(true);
      expect(landing.has('s3:PutObject')).toBe(false);
      expect(landing.has('s3:DeleteObject')).toBe(false);
    });

    it('may stage, publish and delete exactly under the lake prefixes ingest uses', () => {
      const lakeArn = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack.storage.lake), 'Arn'] });
      const objectPrefixes = statements
        .filter((s) => [s.Action].flat().includes('s3:DeleteObject'))
        .flatMap((s) => [s.Resource].flat())
        .map((r) => JSON.stringify(r))
        .filter((r) => r.includes(lakeArn))
        .map((r) => /"\/([^"]*)\*"/.exec(r)?.[1])
        .sort();
      // raw/: corrected re-deliveries replace earlier outputs; _staging/: spilled parts are removed
      // after publishing; _ledger/: ledger entries are rewritten; audit/: write access (grants.ts
      // gives every writer delete, for overwrites). Nothing else in the lake.
      expect(objectPrefixes).toEqual(['_ledger/', '_staging/', 'audit/', 'raw/']);
    });

    it('may list the lake prefixes it reads (a missing ledger key is then a 404, not a 403)', () => {
      const listed = statements
        .filter((s) => [s.Action].flat().includes('s3:ListBucket'))
        .flatMap((s) => JSON.stringify((s as { Condition?: unknown }).Condition ?? {}).match(/[a-z_]+\/\*/g) ?? []);
      expect(listed).toEqual(expect.arrayContaining(['raw/*', '_ledger/*', '_staging/*']));
    });

    it('writes the lake and quarantine', () => {
      expect(actionsOn(stack.storage.lake).has('s3:PutObject')).toBe(true);
      expect(actionsOn(stack.storage.quarantine).has('s3:PutObject')).toBe(true);
      expect(actionsOn(stack.storage.reports).size).toBe(0);
    });
  });
});
