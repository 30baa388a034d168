import {
  AthenaClient,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
} from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEngine, athenaCostUsd } from '../../functions/query/athena-engine.js';
import { athenaLiteral } from '../../functions/query/athena-literals.js';
import { queryAll } from '../../functions/query/engine.js';
import { type AthenaPager, startAthenaPager } from '../support/athena-pager.js';
import { type Moto, startMoto } from '../support/moto.js';

const WORKGROUP = 'opslake-analysts';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';

const COLUMNS = [
  { Name: 'site', Type: 'varchar' },
  { Name: 'n', Type: 'bigint' },
  { Name: 'amount', Type: 'decimal', Precision: 18, Scale: 2 },
  { Name: 'ratio', Type: 'double' },
  { Name: 'day', Type: 'date' },
  { Name: 'at', Type: 'timestamp' },
  { Name: 'ok', Type: 'boolean' },
  { Name: 'nothing', Type: 'integer' },
];
const text = (values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});
const header = text(COLUMNS.map((c) => c.Name));
const dataRow = (i: number) =>
  text([
    `S${i}`,
    `900719925474099${i}`,
    `1234567890123456.7${i}`,
    `0.${i}5`,
    `2026-01-0${i}`,
    `2026-01-0${i} 10:00:00.123`,
    i % 2 === 0 ? 'true' : 'false',
    undefined,
  ]);

describe('AthenaEngine against moto', () => {
  let moto: Moto;
  let pager: AthenaPager;
  let direct: AthenaClient;
  const engine = (options: { workgroup?: string } = {}) =>
    new AthenaEngine({
      ...options,
      client: { endpoint: pager.endpoint, region, credentials },
      pageRows: 2,
      backoff: { firstMillis: 5, factor: 2, maxMillis: 20 },
    });
  const motoApi = (path: string, body: unknown) =>
    fetch(`${moto.endpoint}/moto-api/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const setResults = async (rows: unknown[]) => {
    const response = await motoApi('static/athena/query-results', {
      region,
      results: [{ rows, column_info: COLUMNS }],
    });
    expect(response.status).toBe(201);
  };
  /** Each execution stays in a state for `times` GetQueryExecution calls (QUEUED, RUNNING, …). */
  const slowExecutions = (times: number) =>
    motoApi('state-manager/set-transition', {
      model_name: 'athena::execution',
      transition: { progression: 'manual', times },
    });

  beforeAll(async () => {
    moto = await startMoto();
    pager = await startAthenaPager(moto.endpoint);
    direct = new AthenaClient({ endpoint: moto.endpoint, region, credentials });
    await direct.send(
      new CreateWorkGroupCommand({
        Name: WORKGROUP,
        Configuration: { ResultConfiguration: { OutputLocation: 's3://results/analysts/' } },
      }),
    );
  });
  afterAll(async () => {
    direct?.destroy();
    await pager?.stop();
    await moto?.stop();
  });

  it('starts in the workgroup with typed parameters, polls until done, reads every page, maps types', async () => {
    await slowExecutions(2);
    await setResults([header, ...[1, 2, 3, 4, 5].map(dataRow)]);
    pager.calls.length = 0;
    const athena = engine();
    const result = await athena.query('select * from fct_orders where site_id = ? and n > ?;', ["S1' or 1=1", 3]);
    const rows = [];
    let batches = 0;
    for await (const batch of result.batches) {
      batches++;
      rows.push(...batch);
    }
    await athena.close();
    expect(batches).toBe(3); // 6 rows (the header and 5) in pages of 2
    expect(pager.calls.filter((c) => c === 'GetQueryResults')).toHaveLength(3);
    expect(pager.calls.filter((c) => c === 'GetQueryExecution').length).toBeGreaterThanOrEqual(4);
    expect(result.columns.map((c) => c.kind)).toEqual([
      'text',
      'bigint',
      'decimal',
      'float',
      'date',
      'timestamp',
      'boolean',
      'integer',
    ]);
    expect(result.columns[2]).toMatchObject({ sqlType: 'decimal(18,2)', scale: 2 });
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual([
      'S2',
      9007199254740992n,
      '1234567890123456.72',
      0.25,
      '2026-01-02',
      '2026-01-02T10:00:00.123Z',
      true,
      null,
    ]);
    expect(result.stats).toMatchObject({ rows: 5, bytesScanned: 0 });
    const { QueryExecution: sent } = await direct.send(
      new GetQueryExecutionCommand({ QueryExecutionId: result.stats.queryId }),
    );
    expect(sent?.WorkGroup).toBe(WORKGROUP);
    expect(sent?.Query).toBe('select * from fct_orders where site_id = ? and n > ?');
    expect(sent?.ExecutionParameters).toEqual(["'S1'' or 1=1'", '3']);
    await slowExecutions(0);
  });

  it('stops the query in Athena when aborted while it runs', async () => {
    await slowExecutions(10_000);
    pager.calls.length = 0;
    const athena = engine();
    const abort = new AbortController();
    const running = athena.query('select count(*) from fct_order_events', [], { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    await expect(running).rejects.toThrow(/cancelled \(StopQueryExecution sent to Athena\)/);
    await athena.close();
    expect(pager.calls).toContain('StopQueryExecution');
    const { QueryExecutionIds } = await direct.send(new ListQueryExecutionsCommand({ WorkGroup: WORKGROUP }));
    const last = QueryExecutionIds?.at(-1);
    const { QueryExecution } = await direct.send(new GetQueryExecutionCommand({ QueryExecutionId: last }));
    expect(QueryExecution?.Query).toBe('select count(*) from fct_order_events');
    expect(QueryExecution?.Status?.State).toBe('CANCELLED');
    await slowExecutions(0);
  });

  it("reports a failed query with Athena's reason", async () => {
    pager.patchExecution('fail_me', {
      state: 'FAILED',
      reason: "COLUMN_NOT_FOUND: line 1:8: Column 'fail_me' cannot be resolved",
    });
    const athena = engine();
    await expect(queryAll(athena, 'select fail_me from fct_orders')).rejects.toThrow(
      /^Athena query [\w-]+ failed: COLUMN_NOT_FOUND: line 1:8: Column 'fail_me' cannot be resolved$/,
    );
    await athena.close();
  });

  it("explains the workgroup's bytes-scanned cutoff", async () => {
    pager.patchExecution('too_big', {
      state: 'CANCELLED',
      reason: 'Query cancelled! : Bytes scanned limit was exceeded',
      bytesScanned: 107374182400,
    });
    const athena = engine();
    await expect(queryAll(athena, 'select * from too_big')).rejects.toThrow(
      /passed workgroup "opslake-analysts"'s per-query data scanned limit after 107,374,182,400 bytes\. Filter on the partition columns/,
    );
    await athena.close();
  });

  it('explains access denied on the workgroup', async () => {
    pager.denyWorkgroup('opslake-locked');
    const athena = engine({ workgroup: 'opslake-locked' });
    await expect(queryAll(athena, 'select 1')).rejects.toThrow(
      /access denied starting a query in Athena workgroup "opslake-locked": User is not authorized/,
    );
    await athena.close();
  });

  it('reports the bytes scanned, and the cost at the Athena price', async () => {
    pager.patchExecution('scan_bytes', { bytesScanned: 3 * 1024 ** 3 });
    await setResults([header, dataRow(1)]);
    const athena = engine();
    const result = await athena.query('select * from scan_bytes');
    for await (const _ of result.batches) {
      // drain
    }
    await athena.close();
    expect(result.stats.bytesScanned).toBe(3 * 1024 ** 3);
    expect(athenaCostUsd(3 * 1024 ** 3)).toBeCloseTo((3 / 1024) * 5, 10);
    expect(athenaCostUsd(1)).toBeCloseTo((10 / 1024 ** 2) * 5, 12); // the 10 MB minimum
    expect(athenaCostUsd(0)).toBe(0);
  });

  it('renders parameters as Athena literals of their type', () => {
    expect([null, true, 42, 9007199254740993n, 0.5, "O'Brien"].map(athenaLiteral)).toEqual([
      'NULL',
      'TRUE',
      '42',
      '9007199254740993',
      "DOUBLE '0.5'",
      "'O''Brien'",
    ]);
    expect(() => athenaLiteral(Number.NaN)).toThrow(/no Athena literal/);
  });
});
