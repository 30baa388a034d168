/**
 * QueryWorkgroups: one Athena workgroup per kind of reader, each with its settings enforced so a
 * client cannot opt out of result encryption, write results elsewhere, or scan without a limit.
 *
 * Separate workgroups give separate cost metrics and cutoffs: dashboards (`bi`) run small, repeated,
 * partition-pruned queries; `analysts` explore; `transform` (dbt) rebuilds marts and needs the most.
 */
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export type WorkgroupPurpose = 'bi' | 'analysts' | 'transform';

const GIB = 1024 ** 3;

/** Default bytes-scanned cutoff per query, by purpose. Athena bills $5 per TB scanned. */
export const DEFAULT_SCAN_CUTOFF_BYTES: Readonly<Record<WorkgroupPurpose, number>> = {
  bi: 10 * GIB,
  analysts: 100 * GIB,
  transform: 1024 * GIB,
};

export interface QueryWorkgroupsProps {
  readonly resultsBucket: s3.IBucket;
  readonly key: kms.IKey;
  /** Workgroup names are `<prefix>-<purpose>`; the dbt profile's default is `opslake-transform`. */
  readonly namePrefix?: string;
  readonly scanCutoffBytes?: Partial<Record<WorkgroupPurpose, number>>;
}

export class QueryWorkgroups extends Construct {
  readonly workgroups: Readonly<Record<WorkgroupPurpose, athena.CfnWorkGroup>>;
  readonly resultsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: QueryWorkgroupsProps) {
    super(scope, id);
    this.resultsBucket = props.resultsBucket;
    const prefix = props.namePrefix ?? 'opslake';
    const make = (purpose: WorkgroupPurpose, description: string): athena.CfnWorkGroup => {
      return new athena.CfnWorkGroup(this, purpose, {
        name: `${prefix}-${purpose}`,
        description,
        state: 'ENABLED',
        // A workgroup holds settings, not data: let CloudFormation replace or delete it even when
        // analysts saved queries in it, rather than failing the stack update.
        recursiveDeleteOption: true,
        workGroupConfiguration: {
          enforceWorkGroupConfiguration: true,
          publishCloudWatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: props.scanCutoffBytes?.[purpose] ?? DEFAULT_SCAN_CUTOFF_BYTES[purpose],
          engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
          resultConfiguration: {
            outputLocation: this.resultsLocation(purpose),
            encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.key.keyArn },
          },
        },
      });
    };
    this.workgroups = {
      bi: make('bi', 'Dashboards (Power BI, Tableau): small partition-pruned queries over marts and KPIs'),
      analysts: make('analysts', 'Ad-hoc SQL by analysts over the marts, KPI and BI tables'),
      transform: make('transform', 'dbt-athena builds of staging, marts and KPI tables'),
    };
  }

  /** The S3 URI a workgroup writes its results to. */
  resultsLocation(purpose: WorkgroupPurpose): string {
    return `s3://${this.resultsBucket.bucketName}/${purpose}/`;
  }
}
