/**
 * What the transform runner's CodeBuild build runs: the cached dbt venv, `dbt build` against
 * Athena, and the Iceberg maintenance a run may ask for (infra/constructs/transform-runner.ts).
 */
import * as codebuild from 'aws-cdk-lib/aws-codebuild';

/** Where the dbt venv lives in the build; a fixed path, because a venv's scripts hard-code it. */
const DBT_VENV = '/tmp/dbt-venv';
/** Prefix of the results bucket holding CodeBuild's cache (the venv); expires with the bucket's rule. */
export const DBT_VENV_CACHE_PREFIX = 'transform-cache';
/** dbt's arguments on AWS; the raw database name comes from the stack, so its var is overridden. */
const DBT_AWS_ARGS = '--target aws --profiles-dir . --vars "{raw_database: $OPSLAKE_RAW_DATABASE}"';

/**
 * Builds the venv only when the cached one was made from another requirements.txt (its sha256 is
 * stamped inside). Hash-pinned and without resolver (the Makefile's flags): pip installs exactly
 * the locked files or fails.
 */
export const DBT_VENV_COMMANDS = [
  `if [ "$(cat ${DBT_VENV}/requirements.sha256 2>/dev/null)" != "$(sha256sum requirements.txt | cut -d' ' -f1)" ]; then ` +
    `rm -rf ${DBT_VENV} && python -m venv ${DBT_VENV} && ` +
    `${DBT_VENV}/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt && ` +
    `sha256sum requirements.txt | cut -d' ' -f1 > ${DBT_VENV}/requirements.sha256; fi`,
];

/** How the state machine tells the build (a CodeBuild environment override), `true` or `false`. */
export const ICEBERG_MAINTENANCE_ENV = 'OPSLAKE_ICEBERG_MAINTENANCE';

/** dbt build, then the Iceberg maintenance when the run asked for it; the venv is cached between builds. */
export function dbtBuildSpec(): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: {
      install: {
        'runtime-versions': { python: '3.11' },
        commands: DBT_VENV_COMMANDS,
      },
      build: {
        commands: [
          `${DBT_VENV}/bin/dbt build ${DBT_AWS_ARGS}`,
          `if [ "$${ICEBERG_MAINTENANCE_ENV}" = "true" ]; then ${DBT_VENV}/bin/dbt run-operation iceberg_maintenance ${DBT_AWS_ARGS}; fi`,
        ],
      },
    },
    cache: { paths: [`${DBT_VENV}/**/*`] },
  });
}
