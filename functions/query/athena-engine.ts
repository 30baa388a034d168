/**
 * The AWS `QueryEngine`: Athena through `@aws-sdk/client-athena`. A query starts in a workgroup
 * (the analysts' by default, whose enforced settings give the result location, encryption and
 * the bytes-scanned cutoff), is polled with backoff until it ends, and its rows are read page by
 * page from GetQueryResults as the consumer iterates — never the whole result at once. An abort
 * signal stops the query in Athena (StopQueryExecution), so a Ctrl-C does not keep scanning and
 * billing.
 */
import {
  AthenaClient,
  type AthenaClientConfig,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { athenaFailure, isAccessDenied } from './athena-errors.js';
import { athenaLiteral } from './athena-literals.js';
import { athenaCell, athenaColumn } from './athena-types.js';
import type { Param, QueryEngine, QueryResult, QueryStats, ResultColumn, Row } from './engine.js';

export { ATHENA_USD_PER_TB, athenaCostUsd, describeAthenaStats } from './athena-cost.js';

import { bareStatement } from './parquet-writer.js';

/** The workgroup `opslake sql --target aws` uses unless told otherwise (infra: `<prefix>-analysts`). */
export const DEFAULT_ANALYSTS_WORKGROUP = 'opslake-analysts';
/** The Glue database of the marts and KPI tables (the dbt `aws` target's schema). */
export const DEFAULT_MARTS_DATABASE = 'opslake_marts';
/** GetQueryResults' largest page. */
export const ATHENA_PAGE_ROWS = 1000;

export interface PollBackoff {
  readonly firstMillis: number;
  readonly factor: number;
  readonly maxMillis: number;
}
/** Short queries answer in well under a second; long ones are polled about every 2 s. */
export const DEFAULT_POLL_BACKOFF: PollBackoff = { firstMillis: 100, factor: 1.5, maxMillis: 2000 };

export interface AthenaEngineOptions {
  readonly workgroup?: string;
  readonly database?: string;
  readonly catalog?: string;
  /** Client settings: region, and in tests the loopback endpoint and fake credentials. */
  readonly client?: AthenaClientConfig;
  readonly pageRows?: number;
  readonly backoff?: PollBackoff;
}

const sleep = (millis: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, millis);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Athena returns a SELECT's column labels as its first row; they are not data. */
function isHeaderRow(row: readonly (string | undefined)[], columns: readonly ResultColumn[]): boolean {
  return row.length === columns.length && columns.every((c, i) => row[i] === c.name);
}

export class AthenaEngine implements QueryEngine {
  readonly engine = 'athena' as const;
  readonly workgroup: string;
  private readonly client: AthenaClient;

  constructor(private readonly options: AthenaEngineOptions = {}) {
    this.workgroup = options.workgroup ?? DEFAULT_ANALYSTS_WORKGROUP;
    this.client = new AthenaClient(options.client ?? {});
  }

  async query(
    sql: string,
    params: readonly Param[] = [],
    options: { signal?: AbortSignal } = {},
  ): Promise<QueryResult> {
    const started = performance.now();
    const id = await this.start(sql, params);
    const stats: QueryStats = { rows: 0, queryId: id };
    const execution = await this.waitFor(id, options.signal);
    stats.bytesScanned = execution.Statistics?.DataScannedInBytes ?? 0;
    const first = await this.page(id, undefined);
    const columns = (first.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(athenaColumn);
    const engine = this;
    async function* batches(): AsyncGenerator<Row[]> {
      let page: GetQueryResultsCommandOutput | undefined = first;
      let firstPage = true;
      while (page) {
        if (options.signal?.aborted) throw new Error(`query ${id} cancelled`);
        let texts = (page.ResultSet?.Rows ?? []).map((row) => columns.map((_, i) => row.Data?.[i]?.VarCharValue));
        if (firstPage && texts[0] && isHeaderRow(texts[0], columns)) texts = texts.slice(1);
        firstPage = false;
        const rows: Row[] = texts.map((row) => row.map((text, i) => athenaCell(text, columns[i]?.kind ?? 'other')));
        stats.rows += rows.length;
        if (rows.length > 0) yield rows;
        page = page.NextToken ? await engine.page(id, page.NextToken) : undefined;
      }
      stats.engineMillis = performance.now() - started;
    }
    return { columns, batches: batches(), stats };
  }

  private async start(sql: string, params: readonly Param[]): Promise<string> {
    try {
      const started = await this.client.send(
        new StartQueryExecutionCommand({
          QueryString: bareStatement(sql),
          WorkGroup: this.workgroup,
          QueryExecutionContext: {
            Database: this.options.database ?? DEFAULT_MARTS_DATABASE,
            ...(this.options.catalog ? { Catalog: this.options.catalog } : {}),
          },
          ...(params.length > 0 ? { ExecutionParameters: params.map(athenaLiteral) } : {}),
        }),
      );
      if (!started.QueryExecutionId) throw new Error('Athena returned no query execution id');
      return started.QueryExecutionId;
    } catch (error) {
      if (isAccessDenied(error)) {
        throw new Error(
          `access denied starting a query in Athena workgroup "${this.workgroup}": ${(error as Error).message}. ` +
            'The role needs athena:StartQueryExecution on that workgroup (see docs/bi.md), or pass --workgroup.',
        );
      }
      throw error;
    }
  }

  /** Polls with backoff until the query ends; stops it in Athena if `signal` aborts. */
  private async waitFor(id: string, signal?: AbortSignal): Promise<QueryExecution> {
    const backoff = this.options.backoff ?? DEFAULT_POLL_BACKOFF;
    let wait = backoff.firstMillis;
    for (;;) {
      if (signal?.aborted) {
        await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
        throw new Error(`query ${id} cancelled (StopQueryExecution sent to Athena)`);
      }
      const { QueryExecution: execution } = await this.client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED' && execution) return execution;
      if (state === 'FAILED' || state === 'CANCELLED') throw new Error(athenaFailure(id, this.workgroup, execution));
      await sleep(wait, signal);
      wait = Math.min(backoff.maxMillis, wait * backoff.factor);
    }
  }

  private page(id: string, token: string | undefined): Promise<GetQueryResultsCommandOutput> {
    return this.client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: id,
        MaxResults: this.options.pageRows ?? ATHENA_PAGE_ROWS,
        ...(token ? { NextToken: token } : {}),
      }),
    );
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
