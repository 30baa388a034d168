import { describe, expect, it } from 'vitest';
import { DEFAULT_SCAN_CUTOFF_BYTES } from '../../infra/constructs/query-workgroups.js';
import { logicalIdOf } from '../../infra/grants.js';
import { resourcesOfType, synthOpslake } from './synth.js';

describe('QueryWorkgroups', () => {
  const { stack, template } = synthOpslake();
  const workgroups = Object.values(resourcesOfType(template, 'AWS::Athena::WorkGroup')).map((w) => w.Properties ?? {});
  const named = (name: string) => workgroups.find((w) => w.Name === name);

  it('creates the bi, analysts and transform workgroups', () => {
    expect(workgroups.map((w) => w.Name).sort()).toEqual(['opslake-analysts', 'opslake-bi', 'opslake-transform']);
  });

  it.each(['bi', 'analysts', 'transform'] as const)('enforces encryption, location and a cutoff on %s', (purpose) => {
    expect(named(`opslake-${purpose}`)?.WorkGroupConfiguration).toEqual({
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      BytesScannedCutoffPerQuery: DEFAULT_SCAN_CUTOFF_BYTES[purpose],
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        OutputLocation: {
          'Fn::Join': ['', ['s3://', { Ref: logicalIdOf(stack.storage.athenaResults) }, `/${purpose}/`]],
        },
        EncryptionConfiguration: {
          EncryptionOption: 'SSE_KMS',
          KmsKey: { 'Fn::GetAtt': [logicalIdOf(stack.storage.key), 'Arn'] },
        },
      },
    });
  });

  it('gives dashboards a tighter cutoff than transforms', () => {
    expect(DEFAULT_SCAN_CUTOFF_BYTES.bi).toBeLessThan(DEFAULT_SCAN_CUTOFF_BYTES.transform);
  });
});
