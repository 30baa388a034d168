/**
 * The `aws` target, offline: the same models compiled for dbt-athena, and the compiled SQL parsed
 * by SQLFluff's Athena dialect. dbt-athena opens a connection even for `compile --no-introspect`,
 * so a moto server on loopback stands in for AWS (AWS_ENDPOINT_URL); nothing reaches real AWS.
 * What this cannot check: that Athena/Trino accepts every function at run time and that Iceberg
 * CTAS / MERGE behave — that needs a real account.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbt } from '../../functions/local/dbt.js';
import { venvBin, workspace } from '../../functions/local/workspace.js';

let moto: ChildProcess | undefined;
let home: string;
let compiledDir: string;
let awsEnv: Record<string, string>;
let compile: Awaited<ReturnType<typeof runDbt>>;
/** The compiled SQL files SQLFluff parses (see sqlFluffInputs). */
let parsedFiles: string[] = [];
const log: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`moto server did not start at ${url}`);
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sqlFiles(path);
    return name.endsWith('.sql') ? [path] : [];
  });
}

/**
 * Generic tests whose compiled SQL differs only in the model and column names: parsing a few of
 * each kind checks their dialect as well as parsing all 600 (416 are not_null), at a fraction of
 * SQLFluff's time. Everything else — models, analyses, singular tests and the generic tests that
 * carry SQL written per model (expression_is_true, the project's own) — is parsed in full.
 */
const SAMPLED_TEST_KINDS = new Set([
  'not_null',
  'unique',
  'relationships',
  'accepted_values',
  'unique_combination_of_columns',
]);
const SAMPLES_PER_KIND = 3;

function sqlFluffInputs(manifest: {
  nodes: Record<string, { resource_type: string; compiled_path?: string; test_metadata?: { name: string } | null }>;
}): string[] {
  const seen = new Map<string, number>();
  const nodes = Object.values(manifest.nodes)
    .filter((node) => node.compiled_path !== undefined)
    .sort((a, b) => String(a.compiled_path).localeCompare(String(b.compiled_path)));
  const paths = nodes.flatMap((node) => {
    const kind = node.resource_type === 'test' ? node.test_metadata?.name : undefined;
    if (kind === undefined || !SAMPLED_TEST_KINDS.has(kind)) return [node.compiled_path as string];
    const count = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, count);
    return count <= SAMPLES_PER_KIND ? [node.compiled_path as string] : [];
  });
  return [...new Set(paths)];
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'opslake-aws-compile-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  moto = spawn(venvBin('moto_server'), ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitForServer(endpoint);
  awsEnv = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  // The workgroup and results bucket the `aws` profile names, created in moto.
  const setup = spawnSync(
    venvBin('python'),
    [
      '-c',
      `import boto3
boto3.client('athena').create_work_group(Name='opslake-transform', Configuration={'ResultConfiguration': {'OutputLocation': 's3://opslake-athena-results/dbt/'}})
boto3.client('s3').create_bucket(Bucket='opslake-athena-results', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})`,
    ],
    { env: { ...process.env, ...awsEnv }, encoding: 'utf8' },
  );
  expect(setup.status, setup.stderr).toBe(0);
  const targetPath = join(home, 'target');
  compiledDir = join(targetPath, 'compiled', 'opslake');
  // --debug: the log then shows every query dbt-athena sends, and a compile must send none (see
  // the first test).
  compile = await runDbt(['--debug', 'compile', '--no-introspect', '--threads', '1'], {
    workspace: workspace(home),
    target: 'aws',
    targetPath,
    extraEnv: awsEnv,
    onLine: (line) => log.push(line),
  });
  parsedFiles = sqlFluffInputs(JSON.parse(readFileSync(join(targetPath, 'manifest.json'), 'utf8')));
}, 600_000); // a full dbt-athena compile: over two minutes on a loaded 2-core machine

afterAll(() => {
  moto?.kill();
  rmSync(home, { recursive: true, force: true });
});

describe('aws target (dbt-athena) offline', () => {
  it('compiles every model and test for Athena', () => {
    expect(compile.exitCode, log.join('\n')).toBe(0);
    // No query at compile time: `--no-introspect` gives dbt-athena no connection on the compiling
    // thread, so a compile-time query (dbt.date_spine's, once) fails whenever that thread is not
    // one that happened to hold a connection.
    expect(log.filter((line) => line.includes('Athena query'))).toEqual([]);
    const models = sqlFiles(join(compiledDir, 'models')).filter((p) => !p.includes('/_'));
    expect(models.length).toBeGreaterThan(10);
  });

  it('uses the Athena spellings of the dialect-specific macros, never the DuckDB ones', () => {
    const fact = readFileSync(join(compiledDir, 'models/marts/transport/fct_shipments.sql'), 'utf8');
    expect(fact).toMatch(/at_timezone\(with_timezone\(/);
    expect(fact).not.toMatch(/\btimezone\('UTC'/);
    const kpis = readFileSync(join(compiledDir, 'models/kpis/kpi_daily.sql'), 'utf8');
    expect(kpis).toMatch(/approx_percentile\(/);
    expect(kpis).not.toMatch(/quantile_cont/);
    expect(kpis).toContain('"awsdatacatalog"."opslake_marts"');
  });

  it('publishes kpi_data_quality on Athena too: an Iceberg table the end-of-build hook empties and fills', () => {
    const model = readFileSync(join(compiledDir, 'models/kpis/kpi_data_quality.sql'), 'utf8');
    expect(model).toMatch(/cast\(null as varchar\) as check_name/i);
    // The hook's statements, rendered for a sample failing check (analyses/kpi_data_quality_publish.sql);
    // the SQLFluff test below parses them with the Athena dialect.
    const publish = readFileSync(join(compiledDir, 'analyses/kpi_data_quality_publish.sql'), 'utf8');
    const table = '"awsdatacatalog"."opslake_marts"."kpi_data_quality"';
    expect(publish).toContain(`delete from ${table}`);
    expect(publish).toContain(`insert into ${table} (kpi, check_name, check_status, failures, tested_models, message)`);
    expect(publish).toContain("'Got 3 results, configured to warn if != 0 (the site''s master)'");
    // Iceberg, because Athena deletes rows only from Iceberg tables.
    const manifest = JSON.parse(readFileSync(join(home, 'target', 'manifest.json'), 'utf8')) as {
      nodes: Record<string, { config: { table_type?: string; materialized: string } }>;
    };
    expect(manifest.nodes['model.opslake.kpi_data_quality']?.config).toMatchObject({
      materialized: 'table',
      table_type: 'iceberg',
    });
  });

  it('plans OPTIMIZE and VACUUM for exactly the incremental Iceberg facts (dry run of iceberg_maintenance)', async () => {
    const lines: string[] = [];
    const run = await runDbt(['run-operation', 'iceberg_maintenance', '--args', '{dry_run: true}'], {
      workspace: workspace(home),
      target: 'aws',
      // The compile's target: dbt re-uses its partial parse instead of parsing the project again.
      targetPath: join(home, 'target'),
      extraEnv: awsEnv,
      onLine: (line) => lines.push(line),
    });
    expect(run.exitCode, lines.join('\n')).toBe(0);
    const planned = lines.flatMap((line) => /iceberg_maintenance: would run: (.+)$/.exec(line)?.[1] ?? []);
    // The models that opt into incremental_fact_config, read from their SQL, not from the macro's filter.
    const incremental = sqlFiles(new URL('../../transforms/models', import.meta.url).pathname)
      .filter((path) => readFileSync(path, 'utf8').includes('incremental_fact_config('))
      .map((path) => path.replace(/^.*\//, '').replace(/\.sql$/, ''));
    expect(incremental).toContain('fct_shipments');
    const expected = incremental.flatMap((name) => [
      `optimize opslake_marts.${name} rewrite data using bin_pack`,
      `vacuum opslake_marts.${name}`,
    ]);
    expect(planned.sort()).toEqual(expected.sort());
  }, 300_000);

  it('SQLFluff (dialect athena) parses all compiled SQL without unparsable sections', () => {
    // SQLFluff skips files over 20 kB unless told otherwise (kpi_registry is one): parse them all.
    const config = join(home, 'sqlfluff.cfg');
    writeFileSync(config, '[sqlfluff]\nlarge_file_skip_byte_limit = 0\n');
    const run = spawnSync(
      venvBin('sqlfluff'),
      [
        'lint',
        '--dialect',
        'athena',
        '--rules',
        'LT01',
        '--format',
        'json',
        '--nofail',
        '--processes',
        '2',
        '--config',
        config,
        ...parsedFiles,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.status, run.stderr).toBe(0);
    const files = JSON.parse(run.stdout) as { filepath: string; violations: { code: string; description: string }[] }[];
    // SQLFluff reports each file it was given (an empty compiled file aside) — none skipped for its
    // size —, every compiled model is among them, and the sampled test kinds are each present.
    const reported = new Set(files.map((f) => resolve(f.filepath)));
    const unreported = parsedFiles.filter((p) => !reported.has(resolve(p)) && readFileSync(p, 'utf8').trim() !== '');
    expect(unreported).toEqual([]);
    const models = sqlFiles(join(compiledDir, 'models')).filter((p) => !p.includes('.yml/'));
    expect(parsedFiles).toEqual(expect.arrayContaining(models));
    expect(parsedFiles.some((p) => p.includes('.yml/not_null_'))).toBe(true);
    const unparsable = files.flatMap((f) =>
      f.violations.filter((v) => v.code === 'PRS').map((v) => `${f.filepath}: ${v.description}`),
    );
    expect(unparsable).toEqual([]);
    // Parsing all 761 compiled files took 192 s alone (383 s on a loaded machine); the sample ~1/5 of that.
  }, 600_000);
});
