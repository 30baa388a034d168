/**
 * The opslake stack: storage, ingest, catalog, query workgroups and the transform runner, wired
 * together. Environment-agnostic on purpose — no account/region lookups — so `cdk synth` works
 * offline and the same template deploys to any account.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LakeStorage } from './constructs/lake-storage.js';

export interface OpslakeStackProps extends StackProps {
  /** Site ids the raw tables project as partitions (`site=<id>`); adding a site means a redeploy. */
  readonly sites: readonly string[];
  /** Delete data and keys on stack removal; for throwaway dev stacks only. */
  readonly destroyOnRemoval?: boolean;
}

export class OpslakeStack extends Stack {
  readonly storage: LakeStorage;

  constructor(scope: Construct, id: string, props: OpslakeStackProps) {
    super(scope, id, props);
    this.storage = new LakeStorage(this, 'Storage', { destroyOnRemoval: props.destroyOnRemoval ?? false });
  }
}
