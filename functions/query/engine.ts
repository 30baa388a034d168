/**
 * The query module's one interface: every reader of the warehouse (the `opslake sql` and `export`
 * commands, the dashboard, the governance report) talks to a `QueryEngine`, whether DuckDB answers
 * locally or Athena answers in AWS. Results stream in batches, so memory stays bounded for any
 * result size; values are bound as parameters (`?` placeholders), never spliced into SQL.
 */

/** How a column's values are represented in a `Cell`, independent of the engine. */
export type ColumnKind =
  | 'boolean'
  | 'integer' // fits a JS number exactly (up to 32 bits)
  | 'bigint' // 64/128-bit integers, as `bigint`
  | 'float' // binary floating point, as `number`
  | 'decimal' // exact decimal, as its text (`"12.50"`), never a float
  | 'text'
  | 'date' // `YYYY-MM-DD`
  | 'timestamp' // a UTC instant, ISO 8601 with `Z` (`2026-01-05T10:00:00.000Z`, micros kept when present)
  | 'other'; // anything else (lists, structs, intervals…), as the engine's text

export interface ResultColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The engine's own type name (`DECIMAL(18,2)`, `VARCHAR`, `varchar`…), for `.describe` and docs. */
  readonly sqlType: string;
  /** Digits after the point for decimals. */
  readonly scale?: number;
}

export type Cell = null | boolean | number | bigint | string;
export type Row = Cell[];

/** A bound parameter value: `Date`-free on purpose; dates and instants travel as ISO text. */
export type Param = null | boolean | number | bigint | string;

export interface QueryResult {
  readonly columns: readonly ResultColumn[];
  /** Batches of rows in result order; iterate once. */
  readonly batches: AsyncIterable<Row[]>;
  /** What the engine reports after the last batch (Athena: bytes scanned); filled when done. */
  readonly stats: QueryStats;
}

export interface QueryStats {
  rows: number;
  bytesScanned?: number;
  engineMillis?: number;
  queryId?: string;
}

export interface QueryEngine {
  /** `duckdb` locally, `athena` in AWS: consumers branch on it only for dialect-specific SQL. */
  readonly engine: 'duckdb' | 'athena';
  /** Runs one statement with `?` parameters and streams its rows. */
  query(sql: string, params?: readonly Param[], options?: { signal?: AbortSignal }): Promise<QueryResult>;
  close(): Promise<void>;
}

/** Reads a whole (small) result: the dashboard's and the report's aggregate queries. */
export async function queryAll(
  engine: QueryEngine,
  sql: string,
  params: readonly Param[] = [],
): Promise<{ columns: readonly ResultColumn[]; rows: Row[] }> {
  const result = await engine.query(sql, params);
  const rows: Row[] = [];
  for await (const batch of result.batches) rows.push(...batch);
  return { columns: result.columns, rows };
}

/** Reads a whole result as objects keyed by column name. */
export async function queryObjects<T extends Record<string, Cell> = Record<string, Cell>>(
  engine: QueryEngine,
  sql: string,
  params: readonly Param[] = [],
): Promise<T[]> {
  const { columns, rows } = await queryAll(engine, sql, params);
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])) as T);
}
