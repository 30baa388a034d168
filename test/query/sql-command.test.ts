import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseParam } from '../../functions/cli/sql/params.js';
import { runRepl } from '../../functions/cli/sql/repl.js';
import { runSql } from '../../functions/cli/sql/run-sql.js';
import { repoRoot } from '../../functions/local/workspace.js';
import { listTables, manifestDescriptions } from '../../functions/query/catalog.js';
import { DuckDBEngine } from '../../functions/query/duckdb-engine.js';
import { splitSqlScript } from '../../functions/query/sql-splitter.js';

const SCRIPTS = [
  'select 1; select 2',
  'select \'a;b\' as t; select "x;y" from (select 1 as "x;y");',
  'select 1 -- a comment; with a semicolon\n; /* block ; comment */ select ?',
  "select 'it''s; fine', ?; select ? as p;;",
];

function opslake(home: string, args: string[], input?: string) {
  const run = spawnSync(process.execPath, [join(repoRoot, 'functions/cli/opslake.mjs'), ...args, '--home', home], {
    cwd: repoRoot,
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('opslake sql', () => {
  let home: string;
  let engine: DuckDBEngine;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'opslake-sql-'));
    const seed = await DuckDBEngine.open(join(home, 'warehouse.duckdb'), { writable: true });
    await seed.duckdb.run(
      `create table fct_things as select range as thing_id, 'site ' || (range % 3) as site, (range * 1.25)::decimal(12,2) as amount from range(1000)`,
    );
    await seed.close();
    const manifest = {
      nodes: {
        'model.opslake.fct_things': {
          resource_type: 'model',
          name: 'fct_things',
          schema: 'main',
          description: 'One row per thing.\nMore detail here.',
          columns: { amount: { description: 'Amount in EUR.' } },
        },
      },
    };
    await rm(join(home, 'dbt-target'), { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(home, 'dbt-target'));
    await writeFile(join(home, 'dbt-target', 'manifest.json'), JSON.stringify(manifest));
    engine = await DuckDBEngine.open(join(home, 'warehouse.duckdb'));
  });
  afterAll(async () => {
    await engine?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('splits scripts into the same statements and placeholders as DuckDB does', async () => {
    for (const script of SCRIPTS) {
      const extracted = await engine.duckdb.extractStatements(script);
      const ours = splitSqlScript(script);
      expect(ours.length, script).toBe(extracted.count);
      for (let i = 0; i < extracted.count; i++) {
        const prepared = await extracted.prepare(i);
        expect(ours[i]?.placeholders, `${script} #${i}`).toBe(prepared.parameterCount);
      }
    }
  });

  it('prints every statement of a script, binding parameters in order', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => {
      text += chunk;
    });
    const count = await runSql({
      engine,
      script:
        'select count(*) as n from fct_things where site = ?; select max(amount) as top from fct_things where thing_id < ?',
      params: ['site 1', 10],
      format: 'table',
      stdout: out,
      note: () => {},
    });
    expect(count).toBe(2);
    expect(text).toBe('  n\n───\n333\n1 row\n\n  top\n─────\n11.25\n1 row\n');
  });

  it('reads SQL from stdin and prints the result', () => {
    const run = opslake(home, ['sql'], 'select 1');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1\n─\n1\n1 row\n');
    expect(run.code).toBe(0);
  });

  it('writes CSV of every row to a file and JSON with exact decimals', async () => {
    const csv = join(home, 'things.csv');
    const run = opslake(home, ['sql', '--format', 'csv', '--out', csv, 'select * from fct_things order by thing_id']);
    expect(run.code, run.stderr).toBe(0);
    const lines = (await readFile(csv, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('thing_id,site,amount');
    expect(lines[999 + 1]).toBe('999,site 0,1248.75');
    expect(lines).toHaveLength(1002);
    const file = join(home, 'one.sql');
    await writeFile(file, 'select amount from fct_things where thing_id = 3;\n');
    const json = opslake(home, ['sql', '--json', '-f', file]);
    expect(json.stderr).toBe('');
    expect(json.stdout).toBe('[\n{"amount":3.75}\n]\n');
  });

  it('names the format it does not know and fails as a usage error', () => {
    const run = opslake(home, ['sql', '--format', 'xml', 'select 1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format must be one of table, csv, json, ndjson, parquet, got "xml"/);
  });

  it('lists tables with their one-line descriptions from the dbt manifest', async () => {
    const run = opslake(home, ['sql', '--list']);
    expect(run.stdout).toMatch(/^fct_things\s+One row per thing\.$/m);
    const tables = await listTables(engine, await manifestDescriptions(join(home, 'dbt-target', 'manifest.json')));
    expect(tables).toEqual([
      { schema: 'main', name: 'fct_things', type: 'BASE TABLE', description: 'One row per thing.' },
    ]);
  });

  it('runs a REPL: statements over lines, .tables, .describe, errors shown, history kept', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => {
      text += chunk;
    });
    const historyFile = join(home, 'history');
    const done = runRepl({
      engine,
      descriptions: await manifestDescriptions(join(home, 'dbt-target', 'manifest.json')),
      historyFile,
      input,
      output,
      terminal: false,
    });
    input.end('.tables\n.describe fct_things\nselect count(*)\n  as n from fct_things;\nselect nope;\n.quit\n');
    await done;
    expect(text).toContain('main.fct_things  — One row per thing.');
    expect(text).toContain('amount  DECIMAL(12,2)  — Amount in EUR.');
    expect(text).toContain('   n\n────\n1000\n1 row');
    expect(text).toMatch(/error: .*nope/);
    expect((await readFile(historyFile, 'utf8')).split('\n')).toEqual([
      '.tables',
      '.describe fct_things',
      'select count(*)',
      'as n from fct_things;',
      'select nope;',
      '.quit',
      '',
    ]);
  });

  it('types --param values', () => {
    expect(['42', '9007199254740993', '0.5', 'true', 'null', 'S1', 'text:007', '2026-01-01'].map(parseParam)).toEqual([
      42,
      9007199254740993n,
      0.5,
      true,
      null,
      'S1',
      '007',
      '2026-01-01',
    ]);
  });
});
