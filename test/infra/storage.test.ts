import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { resourcesOfType, synthOpslake } from './synth.js';

describe('LakeStorage', () => {
  const { stack, template } = synthOpslake();
  const storage = stack.storage;
  const dataBuckets = {
    landing: storage.landing,
    lake: storage.lake,
    quarantine: storage.quarantine,
    athenaResults: storage.athenaResults,
    reports: storage.reports,
  };
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket');

  it('creates the five data buckets and one access-log bucket, and no others', () => {
    expect(Object.keys(buckets).sort()).toEqual(
      [...Object.values(dataBuckets), storage.accessLogs].map((bucket) => logicalIdOf(bucket)).sort(),
    );
  });

  it.each(Object.entries(dataBuckets))('encrypts the %s bucket with the customer-managed key', (_name, bucket) => {
    const props = buckets[logicalIdOf(bucket)]?.Properties;
    expect(props?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [logicalIdOf(storage.key), 'Arn'] },
          },
        },
      ],
    });
    expect(props?.LoggingConfiguration).toMatchObject({
      DestinationBucketName: { Ref: logicalIdOf(storage.accessLogs) },
    });
  });

  it('rotates the data key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('data at rest'),
      EnableKeyRotation: true,
    });
  });

  it.each(Object.keys(buckets))('blocks all public access on %s', (logicalId) => {
    expect(buckets[logicalId]?.Properties?.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it.each(Object.keys(buckets))('denies non-TLS requests to %s', (logicalId) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('versions landing, lake, quarantine and reports; not the re-creatable Athena results', () => {
    const versioning = (bucket: (typeof dataBuckets)[keyof typeof dataBuckets]) =>
      buckets[logicalIdOf(bucket)]?.Properties?.VersioningConfiguration;
    for (const bucket of [storage.landing, storage.lake, storage.quarantine, storage.reports]) {
      expect(versioning(bucket), bucket.node.id).toEqual({ Status: 'Enabled' });
    }
    expect(versioning(storage.athenaResults)).toBeUndefined();
  });

  const rulesOf = (bucket: (typeof dataBuckets)[keyof typeof dataBuckets]) =>
    (
      buckets[logicalIdOf(bucket)]?.Properties?.LifecycleConfiguration as
        | { Rules: Record<string, unknown>[] }
        | undefined
    )?.Rules ?? [];

  it('expires landing objects (and their old versions) and Athena results', () => {
    expect(rulesOf(storage.landing)).toEqual([
      expect.objectContaining({
        ExpirationInDays: 30,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: 'Enabled',
      }),
    ]);
    expect(rulesOf(storage.athenaResults)).toEqual([
      expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' }),
    ]);
    // The lake keeps current objects forever; only superseded versions expire.
    expect(rulesOf(storage.lake)[0]).not.toHaveProperty('ExpirationInDays');
    expect(rulesOf(storage.lake)[0]).toHaveProperty('NoncurrentVersionExpiration', { NoncurrentDays: 90 });
  });

  it('aborts incomplete multipart uploads in every data bucket', () => {
    for (const bucket of Object.values(dataBuckets)) {
      expect(rulesOf(bucket), bucket.node.id).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
        ]),
      );
    }
  });

  it('keeps superseded marts/ versions days, not months (Iceberg has its own snapshots)', () => {
    const marts = rulesOf(storage.lake).filter((r) => r.Prefix === 'marts/');
    expect(marts).toEqual([expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 3 } })]);
  });

  it('moves raw/ Parquet to Intelligent-Tiering after 30 days', () => {
    const raw = rulesOf(storage.lake).filter((r) => r.Prefix === 'raw/');
    expect(raw).toEqual([
      expect.objectContaining({ Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }] }),
    ]);
    // Nothing else changes storage class: marts are rewritten hourly, the rest is small.
    const transitions = Object.values(dataBuckets).flatMap((b) => rulesOf(b).filter((r) => 'Transitions' in r));
    expect(transitions).toHaveLength(1);
  });

  it("expires ingest parts left under the lake's _staging/ by an interrupted ingest, and nothing else early", () => {
    const rules =
      (
        buckets[logicalIdOf(storage.lake)]?.Properties?.LifecycleConfiguration as
          | { Rules: Record<string, unknown>[] }
          | undefined
      )?.Rules ?? [];
    const expiring = rules.filter((r) => 'ExpirationInDays' in r);
    expect(expiring).toEqual([
      expect.objectContaining({ Prefix: '_staging/', ExpirationInDays: 3, Status: 'Enabled' }),
    ]);
  });

  it('retains buckets and keys by default', () => {
    for (const bucket of Object.values(buckets)) expect(bucket.DeletionPolicy).toBe('Retain');
    for (const key of Object.values(resourcesOfType(template, 'AWS::KMS::Key')))
      expect(key.DeletionPolicy).toBe('Retain');
  });

  it('deletes buckets (emptying them first) when the stack is a throwaway', () => {
    const dev = synthOpslake({ destroyOnRemoval: true }).template;
    for (const bucket of Object.values(resourcesOfType(dev, 'AWS::S3::Bucket')))
      expect(bucket.DeletionPolicy).toBe('Delete');
    dev.resourceCountIs('Custom::S3AutoDeleteObjects', 6);
  });
});
