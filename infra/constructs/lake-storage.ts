/**
 * LakeStorage: every bucket opslake keeps data in, encrypted with one customer-managed KMS key.
 *
 * Safe by default: TLS-only, public access blocked, server access logs, versioning where a bad
 * write must be recoverable, and RETAIN on removal — a `cdk destroy` must never take the lake with it
 * unless the deployer asked for a throwaway (`destroyOnRemoval`).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MARTS_PREFIX, RAW_PREFIX, STAGING_PREFIX } from '../../schemas/lake-layout.js';

export interface LakeStorageProps {
  /** Delete buckets (and their objects) and the key on stack removal; for dev stacks only. */
  readonly destroyOnRemoval?: boolean;
  /** Landing objects are processed within minutes; keep them this long for replays. */
  readonly landingExpiration?: Duration;
  /** Athena result sets are re-creatable; expire them to bound cost and exposure. */
  readonly athenaResultsExpiration?: Duration;
  /**
   * Older versions of lake/quarantine/landing objects (overwritten re-deliveries) are kept this long.
   * @default 90 days
   */
  readonly noncurrentVersionExpiration?: Duration;
  /**
   * Older versions under the lake's `marts/`: Iceberg keeps its own snapshots, and every rebuild
   * replaces data files, so long S3 version retention there only doubles what is stored.
   * @default 3 days
   */
  readonly martsNoncurrentVersionExpiration?: Duration;
  /**
   * Raw Parquet moves to S3 Intelligent-Tiering after this long: old partitions are read only by a
   * full refresh, and Intelligent-Tiering has no retrieval fee when they are.
   * @default 30 days
   */
  readonly rawTieringAfter?: Duration;
  /** Ingest parts staged under the lake's `_staging/` and never published expire after this. */
  readonly stagingExpiration?: Duration;
  /** Server access logs are kept this long. */
  readonly accessLogsExpiration?: Duration;
}

/** Uploads a crashed writer abandoned; every bucket drops them after a week. */
const ABORT_UPLOADS: s3.LifecycleRule = { abortIncompleteMultipartUploadAfter: Duration.days(7) };

export class LakeStorage extends Construct {
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;
  readonly landing: s3.Bucket;
  readonly lake: s3.Bucket;
  readonly quarantine: s3.Bucket;
  readonly athenaResults: s3.Bucket;
  readonly reports: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeStorageProps = {}) {
    super(scope, id);
    const destroy = props.destroyOnRemoval ?? false;
    const removalPolicy = destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'Key', {
      description: 'opslake data at rest: buckets, queues, Athena results',
      enableKeyRotation: true,
      removalPolicy,
    });

    // S3 server access logs cannot be delivered to an SSE-KMS bucket, so this one uses SSE-S3.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.accessLogsExpiration ?? Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects: destroy,
    });

    const noncurrent = props.noncurrentVersionExpiration ?? Duration.days(90);
    const landingExpiration = props.landingExpiration ?? Duration.days(30);
    // Versioned: a file overwritten in landing before ingest read it stays recoverable.
    this.landing = this.dataBucket('Landing', destroy, {
      versioned: true,
      lifecycleRules: [
        { ...ABORT_UPLOADS, expiration: landingExpiration, noncurrentVersionExpiration: landingExpiration },
      ],
    });
    // Versioned: a corrected re-delivery overwrites its batch, and the old one must stay auditable.
    this.lake = this.dataBucket('Lake', destroy, {
      versioned: true,
      lifecycleRules: lakeLifecycleRules(props, noncurrent),
    });
    this.quarantine = this.dataBucket('Quarantine', destroy, {
      versioned: true,
      lifecycleRules: [{ ...ABORT_UPLOADS, noncurrentVersionExpiration: noncurrent }],
    });
    this.athenaResults = this.dataBucket('AthenaResults', destroy, {
      lifecycleRules: [{ ...ABORT_UPLOADS, expiration: props.athenaResultsExpiration ?? Duration.days(7) }],
    });
    // The monthly governance report writes here; the report job itself is not deployed yet.
    this.reports = this.dataBucket('Reports', destroy, { versioned: true, lifecycleRules: [ABORT_UPLOADS] });
  }

  /** A bucket under the data key, logging to `accessLogs`; `extra` adds versioning and lifecycle. */
  private dataBucket(id: string, destroy: boolean, extra: Partial<s3.BucketProps>): s3.Bucket {
    return new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One KMS call per bucket instead of per object: cheaper, and avoids KMS throttling at ingest.
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${id.toLowerCase()}/`,
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: destroy,
      ...extra,
    });
  }
}

/** The lake's rules by prefix, over the bucket-wide one that keeps old versions `noncurrent` long. */
function lakeLifecycleRules(props: LakeStorageProps, noncurrent: Duration): s3.LifecycleRule[] {
  return [
    { ...ABORT_UPLOADS, noncurrentVersionExpiration: noncurrent },
    {
      id: 'RawToIntelligentTiering',
      prefix: RAW_PREFIX,
      transitions: [
        {
          storageClass: s3.StorageClass.INTELLIGENT_TIERING,
          transitionAfter: props.rawTieringAfter ?? Duration.days(30),
        },
      ],
    },
    // Overlaps the bucket-wide rule; S3 applies the shorter noncurrent expiration.
    {
      id: 'ShortMartsVersionRetention',
      prefix: MARTS_PREFIX,
      noncurrentVersionExpiration: props.martsNoncurrentVersionExpiration ?? Duration.days(3),
    },
    // Parts an ingest staged and never published (the function was killed mid-file); a retry
    // stages under a new id, so anything older than a few days is garbage.
    {
      id: 'ExpireAbandonedIngestParts',
      prefix: STAGING_PREFIX,
      expiration: props.stagingExpiration ?? Duration.days(3),
      noncurrentVersionExpiration: Duration.days(1),
    },
  ];
}
