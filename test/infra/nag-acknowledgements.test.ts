/**
 * Every cdk-nag acknowledgement must still match a finding: one that matches nothing is a stale
 * exemption waiting to hide the next real finding on that construct.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthOpslake } from './synth.js';

const ACK = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const NAG_PREFIX = 'Annotation::AwsSolutions-';

interface Acknowledgement {
  readonly path: string;
  readonly rule: string;
}

function acknowledgementsIn(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === ACK)
      .flatMap((m) => Object.keys(m.data as Record<string, string>))
      .filter((id) => id.startsWith(NAG_PREFIX))
      .map((id) => ({ path: c.node.path, rule: id.slice('Annotation::'.length) })),
  );
}

/** cdk-nag's findings as if nothing were acknowledged (the metadata is dropped from the tree). */
function rawFindings(app: Parameters<AwsSolutionsChecks['validateScope']>[0], scope: IConstruct) {
  for (const c of scope.node.findAll()) {
    // constructs has no public way to remove metadata; the test owns this throwaway tree.
    const node = c.node as unknown as { _metadata: { type: string }[] };
    node._metadata = c.node.metadata.filter((m) => m.type !== ACK);
  }
  return new AwsSolutionsChecks(app as never)
    .validateScope(scope as never)
    .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath })));
}

type Finding = ReturnType<typeof rawFindings>[number];

function unmatched(acknowledgements: Acknowledgement[], findings: Finding[]): string[] {
  const within = (path: string | undefined, root: string) => path === root || path?.startsWith(`${root}/`) === true;
  return acknowledgements
    .filter((ack) => !findings.some((f) => f.rule === ack.rule && within(f.path, ack.path)))
    .map((ack) => `${ack.rule} at ${ack.path}`);
}

function unused(options: Parameters<typeof synthOpslake>[0]): string[] {
  const { app, stack } = synthOpslake(options);
  const acknowledgements = acknowledgementsIn(stack);
  const findings = rawFindings(app, stack);
  expect(acknowledgements.length).toBeGreaterThan(0);
  expect(findings.length).toBeGreaterThan(0);
  return unmatched(acknowledgements, findings);
}

describe('cdk-nag acknowledgements', () => {
  it('each matches a finding in the stack (with roles and site access, so every branch is built)', () => {
    const siteLeads = { S1: 'arn:aws:iam::123456789012:role/s1-lead' };
    const used = unused({ readerRolePrincipal: 'arn:aws:iam::123456789012:root', siteLeads });
    expect(used).toEqual([]);
  });

  it('reports an acknowledgement that matches nothing', () => {
    const { app, stack } = synthOpslake();
    Validations.of(stack.storage.lake).acknowledge({ id: 'AwsSolutions-COG1', reason: 'stale' });
    const stale = unmatched(acknowledgementsIn(stack), rawFindings(app, stack));
    expect(stale).toContain(`AwsSolutions-COG1 at ${stack.storage.lake.node.path}`);
  });
});
