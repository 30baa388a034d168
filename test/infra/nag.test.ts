import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthOpslake } from './synth.js';

type Report = ReturnType<AwsSolutionsChecks['validateScope']>;

const findings = (report: Report) =>
  report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.resourceLogicalId}`));

describe('cdk-nag AWS Solutions checks', () => {
  it('finds nothing unacknowledged in the opslake stack', () => {
    const { app, stack } = synthOpslake();
    expect(findings(new AwsSolutionsChecks(app).validateScope(stack))).toEqual([]);
  });

  it('finds nothing unacknowledged in a throwaway (destroy-on-removal) stack', () => {
    const { app, stack } = synthOpslake({ destroyOnRemoval: true });
    expect(findings(new AwsSolutionsChecks(app).validateScope(stack))).toEqual([]);
  });

  it('lets synthesis pass with the pack registered as infra/app.ts does', () => {
    const { app } = synthOpslake({ nag: true });
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  it('fails that synthesis when a finding is not acknowledged', () => {
    const { app, stack } = synthOpslake({ nag: true });
    new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
    expect(() => app.synth({ force: true })).toThrow(/server access logs disabled/);
  });

  it('is really checking: an unencrypted, unlogged bucket is reported', () => {
    const app = new App();
    const stack = new Stack(app, 'Careless');
    new s3.Bucket(stack, 'Plain');
    const rules = new AwsSolutionsChecks(app).validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
