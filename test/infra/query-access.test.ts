/**
 * The BI and analyst policies: queries in their own workgroup, reads of the marts and BI databases
 * and their marts/<database>/ data, their results prefix, the data key — and nothing on raw,
 * audit, ledger, quarantine, landing or dbt's staging database.
 */
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import type { PolicyStatement } from './synth.js';
import { resourcesOfType, synthOpslake } from './synth.js';

const actionsOf = (statement: PolicyStatement) => [statement.Action].flat();

describe('QueryAccess', () => {
  const { stack, template } = synthOpslake();
  const policies = resourcesOfType(template, 'AWS::IAM::ManagedPolicy');
  const statementsOf = (kind: 'bi' | 'analysts'): PolicyStatement[] =>
    (
      policies[logicalIdOf(stack.access.policies[kind])]?.Properties?.PolicyDocument as
        | { Statement?: PolicyStatement[] }
        | undefined
    )?.Statement ?? [];
  const text = (value: unknown) => JSON.stringify(value);
  const ref = (construct: Parameters<typeof logicalIdOf>[0]) => logicalIdOf(construct);

  it.each(['bi', 'analysts'] as const)('%s: queries only in its own workgroup', (kind) => {
    const statements = statementsOf(kind);
    const start = statements.filter((s) => actionsOf(s).includes('athena:StartQueryExecution'));
    expect(start).toHaveLength(1);
    expect(text(start[0]?.Resource)).toContain(ref(stack.workgroups.workgroups[kind]));
    for (const other of (['bi', 'analysts', 'transform'] as const).filter((p) => p !== kind)) {
      expect(text(statements)).not.toContain(ref(stack.workgroups.workgroups[other]));
    }
  });

  it.each(['bi', 'analysts'] as const)('%s: reads the marts and BI databases, not raw or staging', (kind) => {
    const glue = statementsOf(kind).filter((s) => actionsOf(s).some((a) => a.startsWith('glue:')));
    expect(glue.flatMap(actionsOf).every((a) => a.startsWith('glue:Get') || a.startsWith('glue:BatchGet'))).toBe(true);
    const resources = text(glue.map((s) => s.Resource));
    for (const name of ['opslake_marts', 'opslake_bi']) {
      expect(resources).toContain(`:database/${name}`);
      expect(resources).toContain(`:table/${name}/*`);
    }
    expect(resources).not.toContain(stack.catalog.databaseName);
    expect(resources).not.toContain(stack.transforms.stagingDatabaseName);
  });

  it.each(['bi', 'analysts'] as const)(
    '%s: no access to raw, quarantine, landing or the lake outside marts',
    (kind) => {
      const statements = statementsOf(kind);
      const all = text(statements);
      expect(all).not.toContain(ref(stack.storage.quarantine));
      expect(all).not.toContain(ref(stack.storage.landing));
      expect(all).not.toContain(ref(stack.storage.reports));
      const lake = statements.filter((s) => text(s).includes(ref(stack.storage.lake)));
      expect(lake.length).toBeGreaterThan(0);
      for (const statement of lake) {
        const actions = actionsOf(statement);
        if (actions.includes('s3:GetObject')) {
          // Object reads only under marts/<database>/.
          expect(text(statement.Resource)).toMatch(/\/marts\/opslake_(marts|bi)\/\*/);
        } else if (actions.includes('s3:ListBucket')) {
          const condition = (statement as { Condition?: unknown }).Condition;
          expect(text(condition)).toMatch(/"s3:prefix":\["marts\/opslake_(marts|bi)\/\*"\]/);
        } else {
          expect(actions).toEqual(['s3:GetBucketLocation']);
        }
        expect(actions.some((a) => a.startsWith('s3:Put') || a.startsWith('s3:Delete'))).toBe(false);
      }
      expect(all).not.toMatch(/raw\/|audit\/|_ledger\/|_staging\//);
    },
  );

  it.each(['bi', 'analysts'] as const)(
    '%s: writes results under its own prefix only, and may use the data key',
    (kind) => {
      const statements = statementsOf(kind);
      const writes = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
      expect(writes).toHaveLength(1);
      expect(text(writes[0]?.Resource)).toContain(`${ref(stack.storage.athenaResults)}`);
      expect(text(writes[0]?.Resource)).toContain(`/${kind}/*`);
      const key = statements.filter((s) => text(s.Resource).includes(ref(stack.storage.key)));
      expect(key.flatMap(actionsOf).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    },
  );

  it('creates no reader roles unless a trusted principal is given', () => {
    expect(stack.access.roles).toBeUndefined();
    const roles = Object.values(resourcesOfType(template, 'AWS::IAM::Role'));
    const carrying = roles.filter((r) =>
      text(r.Properties?.ManagedPolicyArns ?? []).includes(ref(stack.access.policies.bi)),
    );
    expect(carrying).toEqual([]);
  });

  it('creates a role per reader kind, assumable by the trusted principal, carrying its policy', () => {
    const principal = 'arn:aws:iam::111122223333:role/bi-gateway';
    const { stack: withRoles, template: t } = synthOpslake({ readerRolePrincipal: principal });
    const roles = resourcesOfType(t, 'AWS::IAM::Role');
    for (const kind of ['bi', 'analysts'] as const) {
      const role = withRoles.access.roles?.[kind];
      expect(role).toBeDefined();
      const props = roles[logicalIdOf(role as NonNullable<typeof role>)]?.Properties ?? {};
      expect(text(props.AssumeRolePolicyDocument)).toContain(principal);
      expect(props.ManagedPolicyArns).toEqual([{ Ref: logicalIdOf(withRoles.access.policies[kind]) }]);
    }
  });
});
