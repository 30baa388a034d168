/** Every log group of the stack is encrypted with the log key, which only CloudWatch Logs may use for log groups. */
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { resourcesOfType, synthOpslake } from './synth.js';

describe('LogEncryption', () => {
  const { stack, template } = synthOpslake();
  const keyArn = { 'Fn::GetAtt': [logicalIdOf(stack.logs.key), 'Arn'] };

  it('encrypts every log group with the log key', () => {
    const groups = Object.entries(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    // ingest function, dbt build, transform state machine at least.
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const [id, group] of groups) expect(group.Properties?.KmsKeyId, id).toEqual(keyArn);
  });

  it("lets the regional CloudWatch Logs service use the key for this account's log groups only", () => {
    const key = resourcesOfType(template, 'AWS::KMS::Key')[logicalIdOf(stack.logs.key)];
    const statements =
      (key?.Properties?.KeyPolicy as { Statement?: Record<string, unknown>[] } | undefined)?.Statement ?? [];
    const logs = statements.filter((s) => JSON.stringify(s.Principal).includes('.amazonaws.com'));
    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs[0]?.Principal)).toMatch(/"logs\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com"/);
    expect(JSON.stringify(logs[0]?.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(JSON.stringify(logs[0]?.Condition)).toContain(':log-group:*');
    expect(key?.Properties?.EnableKeyRotation).toBe(true);
  });
});
