/**
 * Builds the opslake stack for assertions, with the feature flags from cdk.json (so tests see the
 * same template `cdk synth` writes). Bundling is skipped unless asked for: esbuild-ing the Lambda
 * costs seconds per stack and only the bundle test needs it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OpslakeStack, type OpslakeStackProps } from '../../infra/opslake-stack.js';

const CDK_JSON = new URL('../../cdk.json', import.meta.url);

export function cdkJsonContext(): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(CDK_JSON, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('context' in parsed))
    throw new Error('cdk.json has no context');
  return parsed.context as Record<string, unknown>;
}

export interface SynthOptions extends Partial<OpslakeStackProps> {
  readonly bundle?: boolean;
  /** Register cdk-nag's AWS Solutions pack the way infra/app.ts does, so synthesis fails on findings. */
  readonly nag?: boolean;
}

export interface Synthesised {
  readonly app: App;
  readonly stack: OpslakeStack;
  readonly template: Template;
}

export const TEST_SITES = ['S1', 'S2', 'EU-7'];

export function synthOpslake(options: SynthOptions = {}): Synthesised {
  const { bundle = false, nag = false, ...props } = options;
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'opslake-cdk-')),
    // CDK's own CloudFormation schema check costs seconds per synth; infra/app.ts keeps it on, and
    // so does the cdk-nag synthesis test (`nag: true`), which goes through the same path.
    builtinCloudFormationValidation: nag,
    context: {
      ...cdkJsonContext(),
      // The CLI sets asset metadata (the bundle's staged path); a bare App does not.
      'aws:cdk:enable-asset-metadata': true,
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new OpslakeStack(app, 'Opslake', { sites: TEST_SITES, ...props });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let template: Template | undefined;
  return {
    app,
    stack,
    // Synthesised on first use: some tests only inspect the construct tree.
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;

/** The template's resources of one CloudFormation type, by logical id. */
export function resourcesOfType(template: Template, type: string): Resources {
  const all = template.toJSON().Resources as Resources;
  return Object.fromEntries(Object.entries(all).filter(([, resource]) => resource.Type === type));
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every statement of the inline policies attached to one role. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatement[] {
  const attached = JSON.stringify([{ Ref: roleLogicalId }]);
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === attached)
    .flatMap(
      (policy) => (policy.Properties?.PolicyDocument as { Statement?: PolicyStatement[] } | undefined)?.Statement ?? [],
    );
}
