/** The stack's Outputs name the resources a deployer, a BI tool and an on-call operator need. */
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { synthOpslake } from './synth.js';

describe('stack Outputs', () => {
  const { stack, template } = synthOpslake();
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
  const ref = (construct: Parameters<typeof logicalIdOf>[0]) => ({ Ref: logicalIdOf(construct) });

  it('lists the buckets by name', () => {
    expect(outputs.LandingBucket?.Value).toEqual(ref(stack.storage.landing));
    expect(outputs.LakeBucket?.Value).toEqual(ref(stack.storage.lake));
    expect(outputs.QuarantineBucket?.Value).toEqual(ref(stack.storage.quarantine));
    expect(outputs.AthenaResultsBucket?.Value).toEqual(ref(stack.storage.athenaResults));
    expect(outputs.ReportsBucket?.Value).toEqual(ref(stack.storage.reports));
  });

  it('lists the databases, the reader workgroups, the policies and the alerts topic', () => {
    expect(outputs.RawDatabase?.Value).toBe('opslake_raw');
    expect(outputs.MartsDatabase?.Value).toBe('opslake_marts');
    expect(outputs.BiDatabase?.Value).toBe('opslake_bi');
    expect(outputs.BiWorkgroup?.Value).toEqual(ref(stack.workgroups.workgroups.bi));
    expect(outputs.AnalystsWorkgroup?.Value).toEqual(ref(stack.workgroups.workgroups.analysts));
    expect(outputs.BiPolicyArn?.Value).toEqual(ref(stack.access.policies.bi));
    expect(outputs.AnalystsPolicyArn?.Value).toEqual(ref(stack.access.policies.analysts));
    expect(outputs.AlertsTopicArn?.Value).toEqual(ref(stack.alerts.topic));
    expect(outputs.BiRoleArn).toBeUndefined();
    for (const [id, output] of Object.entries(outputs)) expect(output.Description, id).toBeTruthy();
  });

  it('adds the role ARNs when reader roles are created', () => {
    const { stack: s, template: t } = synthOpslake({ readerRolePrincipal: 'arn:aws:iam::111122223333:root' });
    const o = t.toJSON().Outputs as Record<string, { Value: unknown }>;
    const biRole = s.access.roles?.bi;
    expect(biRole).toBeDefined();
    expect(o.BiRoleArn?.Value).toEqual({ 'Fn::GetAtt': [logicalIdOf(biRole as NonNullable<typeof biRole>), 'Arn'] });
    expect(o.AnalystsRoleArn).toBeDefined();
  });
});
