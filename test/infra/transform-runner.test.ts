import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../infra/grants.js';
import { resourcesOfType, statementsOfRole, synthOpslake } from './synth.js';

/** The state machine's Amazon States Language, with CloudFormation references left as markers. */
function definitionOf(definition: unknown): { States: Record<string, Record<string, unknown>>; StartAt: string } {
  const join = (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = join[1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return JSON.parse(text);
}

describe('TransformRunner', () => {
  const { stack, template } = synthOpslake();
  const runner = stack.transforms;
  const projectId = logicalIdOf(runner.project);
  const project = resourcesOfType(template, 'AWS::CodeBuild::Project')[projectId]?.Properties ?? {};
  const machine = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[logicalIdOf(runner.stateMachine)];
  const asl = definitionOf(machine?.Properties?.DefinitionString);

  it('builds dbt in CodeBuild with the aws target and the stack’s names', () => {
    const environment = project.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] };
    const variables = Object.fromEntries(environment.EnvironmentVariables.map((v) => [v.Name, v.Value]));
    expect(variables.OPSLAKE_MARTS_DATABASE).toBe('opslake_marts');
    expect(variables.OPSLAKE_RAW_DATABASE).toBe('opslake_raw');
    expect(JSON.stringify(variables.OPSLAKE_WORKGROUP)).toContain(logicalIdOf(stack.workgroups.workgroups.transform));
    expect(JSON.stringify(variables.OPSLAKE_ATHENA_RESULTS)).toContain('/transform/');
    expect(JSON.stringify(variables.OPSLAKE_MARTS_LOCATION)).toContain('/marts/');
    const buildspec = String((project.Source as { BuildSpec: string }).BuildSpec);
    expect(buildspec).toContain(
      'pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt',
    );
    expect(buildspec).toContain('dbt build --target aws');
    expect(project.ConcurrentBuildLimit).toBe(1);
    expect(project.EncryptionKey).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack.storage.key), 'Arn'] });
  });

  it('keeps the hash-pinned dbt venv in an S3 cache and rebuilds it only for a new requirements.txt', () => {
    const spec = JSON.parse(String((project.Source as { BuildSpec: string }).BuildSpec)) as {
      phases: { install: { commands: string[] } };
      cache: { paths: string[] };
    };
    expect(spec.cache.paths).toEqual(['/tmp/dbt-venv/**/*']);
    const install = spec.phases.install.commands.join('\n');
    expect(install).toMatch(/requirements\.sha256.*!=.*sha256sum requirements\.txt.*then rm -rf \/tmp\/dbt-venv/);
    expect(install).not.toMatch(/pip install(?!.*--require-hashes --no-deps)/);
    const cache = project.Cache as { Type: string; Location: unknown };
    expect(cache.Type).toBe('S3');
    expect(JSON.stringify(cache.Location)).toContain(logicalIdOf(stack.storage.athenaResults));
    expect(cache.Location).toEqual({
      'Fn::Join': ['', [{ Ref: logicalIdOf(stack.storage.athenaResults) }, '/transform-cache']],
    });
  });

  it('ships the dbt project from an S3 asset without local build output', () => {
    expect((project.Source as { Type: string }).Type).toBe('S3');
  });

  it('waits for the build, retries with backoff, and alerts on failure', () => {
    const run = asl.States.RunDbt;
    expect(run?.Resource).toMatch(/codebuild:startBuild\.sync$/);
    expect(run?.Retry).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.Timeout'], MaxAttempts: 0 }),
      expect.objectContaining({ ErrorEquals: ['States.ALL'], BackoffRate: 2, MaxAttempts: 2 }),
    ]);
    expect(run?.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'NotifyFailure' })]);
    expect(asl.States.NotifyFailure?.Resource).toMatch(/sns:publish$/);
    expect(asl.States.NotifyFailure?.Next).toBe('TransformFailed');
    expect(asl.States.TransformFailed?.Type).toBe('Fail');
  });

  it('starts the state machine hourly by default, without Iceberg maintenance', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [{ Arn: { Ref: logicalIdOf(runner.stateMachine) }, Input: '{"icebergMaintenance":false}' }],
    });
  });

  describe('Iceberg maintenance', () => {
    it('starts a run that maintains the Iceberg tables daily at 03:00 UTC', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(0 3 * * ? *)',
        Targets: [{ Arn: { Ref: logicalIdOf(runner.stateMachine) }, Input: '{"icebergMaintenance":true}' }],
      });
    });

    it('turns the optional input flag into the build environment, false for a run started with no input', () => {
      expect(asl.StartAt).toBe('MaintenanceRequested');
      const choice = asl.States.MaintenanceRequested as {
        Choices: { And: Record<string, unknown>[]; Next: string }[];
        Default: string;
      };
      expect(choice.Choices).toEqual([
        {
          And: [
            { Variable: '$.icebergMaintenance', IsBoolean: true },
            { Variable: '$.icebergMaintenance', BooleanEquals: true },
          ],
          Next: 'WithMaintenance',
        },
      ]);
      expect(choice.Default).toBe('BuildOnly');
      for (const [state, flag] of [
        ['WithMaintenance', 'true'],
        ['BuildOnly', 'false'],
      ] as const) {
        expect(asl.States[state]).toMatchObject({
          Result: { maintenance: flag },
          ResultPath: '$.options',
          Next: 'RunDbt',
        });
      }
      expect(asl.States.RunDbt?.Parameters).toMatchObject({
        EnvironmentVariablesOverride: [
          { Name: 'OPSLAKE_ICEBERG_MAINTENANCE', Type: 'PLAINTEXT', 'Value.$': '$.options.maintenance' },
        ],
      });
    });

    it('runs iceberg_maintenance after dbt build only when the run asks for it', () => {
      const spec = JSON.parse(String((project.Source as { BuildSpec: string }).BuildSpec)) as {
        phases: { build: { commands: string[] } };
      };
      const [build, maintenance] = spec.phases.build.commands;
      expect(build).toMatch(/^\/tmp\/dbt-venv\/bin\/dbt build --target aws /);
      expect(maintenance).toMatch(
        /^if \[ "\$OPSLAKE_ICEBERG_MAINTENANCE" = "true" \]; then \/tmp\/dbt-venv\/bin\/dbt run-operation iceberg_maintenance --target aws .*; fi$/,
      );
      const environment = project.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] };
      expect(environment.EnvironmentVariables).toContainEqual(
        expect.objectContaining({ Name: 'OPSLAKE_ICEBERG_MAINTENANCE', Value: 'false' }),
      );
    });

    it('may delete under marts/, which VACUUM needs to remove expired files', () => {
      const roleId = logicalIdOf(runner.project.role ?? runner.project);
      const deletes = statementsOfRole(template, roleId).filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
      expect(JSON.stringify(deletes)).toContain('/marts/*');
    });
  });

  it('takes another schedule from its props', () => {
    const custom = synthOpslake({ transformSchedule: Schedule.rate(Duration.minutes(30)) }).template;
    custom.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' });
    const maintenance = synthOpslake({
      maintenanceSchedule: Schedule.cron({ minute: '30', hour: '1', weekDay: 'SUN' }),
    });
    maintenance.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 1 ? * SUN *)',
      Targets: [Match.objectLike({ Input: '{"icebergMaintenance":true}' })],
    });
  });

  it.each(['opslake_marts', 'opslake_bi', 'opslake_staging'])(
    'creates the %s database dbt builds into, under the lake',
    (name) => {
      template.hasResourceProperties('AWS::Glue::Database', {
        DatabaseInput: {
          Name: name,
          LocationUri: { 'Fn::Join': ['', ['s3://', { Ref: logicalIdOf(stack.storage.lake) }, `/marts/${name}/`]] },
        },
      });
    },
  );

  it('takes the BI and staging database names from dbt_project.yml', () => {
    expect(runner.biDatabaseName).toBe('opslake_bi');
    expect(runner.stagingDatabaseName).toBe('opslake_staging');
  });

  describe('the build role', () => {
    const roleId = logicalIdOf(runner.project.role ?? runner.project);
    const statements = statementsOfRole(template, roleId);
    const withAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));

    it('runs queries only in the transform workgroup', () => {
      const athena = withAction('athena:StartQueryExecution');
      expect(athena).toHaveLength(1);
      expect(athena[0]?.Resource).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':athena:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':workgroup/',
            { Ref: logicalIdOf(stack.workgroups.workgroups.transform) },
          ],
        ],
      });
    });

    it('changes tables only in the databases dbt builds (marts, BI, staging), never raw', () => {
      const writes = withAction('glue:CreateTable');
      expect(writes).toHaveLength(1);
      const resources = JSON.stringify(writes[0]?.Resource);
      for (const name of ['opslake_marts', 'opslake_bi', 'opslake_staging']) expect(resources).toContain(name);
      expect(resources).not.toContain('opslake_raw');
    });

    it('reads the quarantined rows (rows/ of the quarantine bucket) for the quarantine_rows source, and writes nothing there', () => {
      const quarantine = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack.storage.quarantine), 'Arn'] });
      const gets = withAction('s3:GetObject').map((s) => JSON.stringify(s.Resource));
      expect(gets.some((r) => r.includes(quarantine.slice(1, -1)) && r.includes('/rows/*'))).toBe(true);
      const puts = JSON.stringify(withAction('s3:PutObject').map((s) => s.Resource));
      expect(puts).not.toContain(logicalIdOf(stack.storage.quarantine));
    });

    it('writes only under marts/ in the lake and transform/ in the results bucket', () => {
      const puts = JSON.stringify(withAction('s3:PutObject').map((s) => s.Resource));
      expect(puts).toContain('/marts/*');
      expect(puts).toContain('/transform/*');
      expect(puts).not.toContain('/raw/*');
    });
  });
});
