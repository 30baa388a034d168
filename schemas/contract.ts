/**
 * The data-contract model: one `FeedContract` per feed, built from typed column specs.
 *
 * A contract is the single source of truth for a feed. From it come the zod schema that validates
 * every row at ingest, the Arrow schema of the Parquet files, the Glue columns of the raw tables,
 * the dbt sources and the data dictionary — none of those is written by hand.
 */
import { z } from 'zod';
import {
  fail,
  formatDay,
  isFailure,
  isLocalTimestamp,
  type LocalTimestamp,
  localToUtcMicros,
  parseBoolean,
  parseDate,
  parseDecimal,
  parseInteger,
  parseTimestamp,
  utcDayOfMicros,
} from './values.js';

export type SystemName = 'erp' | 'wms' | 'tms' | 'wfm' | 'reference';

export type ColumnKind = 'string' | 'enum' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

/** How a column that identifies a person is handled before it reaches the lake. */
export type Privacy = 'none' | 'pseudonymised';

interface ColumnBase {
  readonly kind: ColumnKind;
  readonly description: string;
  readonly required: boolean;
  readonly unit?: string;
  readonly privacy?: Privacy;
}

export interface StringColumn extends ColumnBase {
  readonly kind: 'string';
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly patternHint?: string;
}
export interface EnumColumn extends ColumnBase {
  readonly kind: 'enum';
  readonly values: readonly string[];
}
export interface IntegerColumn extends ColumnBase {
  readonly kind: 'integer';
  readonly min?: number;
  readonly max?: number;
}
export interface DecimalColumn extends ColumnBase {
  readonly kind: 'decimal';
  readonly precision: number;
  readonly scale: number;
  /** Bounds on the decimal value (not the unscaled integer). */
  readonly min?: number;
  readonly max?: number;
}
export interface BooleanColumn extends ColumnBase {
  readonly kind: 'boolean';
}
export interface DateColumn extends ColumnBase {
  readonly kind: 'date';
}
export interface TimestampColumn extends ColumnBase {
  readonly kind: 'timestamp';
}

export type ColumnSpec =
  | StringColumn
  | EnumColumn
  | IntegerColumn
  | DecimalColumn
  | BooleanColumn
  | DateColumn
  | TimestampColumn;

type Options<C extends ColumnSpec> = Omit<C, 'kind' | 'description' | 'required'> & { required?: boolean };

/** Column builders. Columns are required unless `required: false` is given. */
export const col = {
  string: (description: string, o: Options<StringColumn> = {}): StringColumn => ({
    kind: 'string',
    description,
    required: true,
    ...o,
  }),
  id: (description: string, o: Options<StringColumn> = {}): StringColumn => ({
    kind: 'string',
    description,
    required: true,
    maxLength: 64,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
    patternHint: 'letters, digits and _ . : - only',
    ...o,
  }),
  enum: (description: string, values: readonly string[], o: Options<StringColumn> = {}): EnumColumn => ({
    kind: 'enum',
    description,
    required: true,
    values,
    ...o,
  }),
  integer: (description: string, o: Options<IntegerColumn> = {}): IntegerColumn => ({
    kind: 'integer',
    description,
    required: true,
    ...o,
  }),
  decimal: (
    description: string,
    o: Omit<Options<DecimalColumn>, 'precision'> & { scale: number; precision?: number },
  ): DecimalColumn => ({
    kind: 'decimal',
    description,
    required: true,
    precision: 18,
    ...o,
  }),
  /** An amount of money in the row's `currency`, decimal(18,2). Never a float. */
  money: (description: string, o: Omit<Options<DecimalColumn>, 'scale' | 'precision'> = {}): DecimalColumn => ({
    kind: 'decimal',
    description,
    required: true,
    precision: 18,
    scale: 2,
    unit: 'currency',
    ...o,
  }),
  boolean: (description: string, o: Options<BooleanColumn> = {}): BooleanColumn => ({
    kind: 'boolean',
    description,
    required: true,
    ...o,
  }),
  date: (description: string, o: Options<DateColumn> = {}): DateColumn => ({
    kind: 'date',
    description,
    required: true,
    ...o,
  }),
  timestamp: (description: string, o: Options<TimestampColumn> = {}): TimestampColumn => ({
    kind: 'timestamp',
    description,
    required: true,
    unit: 'UTC instant',
    ...o,
  }),
  /** ISO 4217 currency code. */
  currency: (description = 'ISO 4217 currency code of the money columns in this row'): StringColumn => ({
    kind: 'string',
    description,
    required: true,
    maxLength: 3,
    pattern: /^[A-Z]{3}$/,
    patternHint: 'an ISO 4217 code such as USD or EUR',
  }),
};

/** A normalised cell: text, integer, unscaled decimal, boolean, days (date) or micros (timestamp). */
export type CellValue = string | number | boolean | null;
export type Row = Record<string, CellValue>;

/** A rule that spans several columns of one row, such as delivered ≥ shipped. */
export interface CrossFieldRule {
  readonly name: string;
  readonly description: string;
  /** The column the failure is reported against. */
  readonly column: string;
  /** Every column `check` reads: the ingest's columnar path fills only these into the row it checks. */
  readonly reads: readonly string[];
  /** True when the row satisfies the rule. Nulls in optional columns should pass. */
  readonly check: (row: Row) => boolean;
}

export interface FeedContractInput<C extends Record<string, ColumnSpec>> {
  readonly system: SystemName;
  readonly feed: string;
  /** Semantic version; the major part is part of the lake path's compatibility promise. */
  readonly version: string;
  readonly description: string;
  /** How often a file arrives: one per site per day, per site per month, or a reference snapshot. */
  readonly cadence: 'daily' | 'monthly' | 'snapshot';
  readonly columns: C;
  readonly primaryKey: readonly (keyof C & string)[];
  /** The site column and the date/timestamp column the lake partitions by (`site=…/dt=…`). */
  readonly partitionBy: { readonly site: keyof C & string; readonly date: keyof C & string };
  /**
   * How Athena finds the raw table's files. `projected`: `site` and `dt` are partition keys Athena
   * projects from the deployment's sites and a day range up to today, so filters prune — for event
   * feeds, whose days all lie in that range. `none`: no partition keys; Athena reads every file
   * under the table — for small master and slowly changing feeds whose partition dates lie outside
   * any useful range (sites opened years ago, hire dates, targets for future months) or whose
   * partition column is not a site (a region or company scope), which a projection would hide.
   * The lake layout is the same either way.
   * @default 'projected'
   */
  readonly athenaPartitions?: 'projected' | 'none';
  readonly rules?: readonly CrossFieldRule[];
  /**
   * The longest record (a CSV record, an NDJSON line) a file may hold, in bytes: a longer one
   * rejects the file as soon as it is seen, in time linear in the bytes read — it is a broken
   * export (an unclosed quote, a runaway field), and buffering it would cost memory without bound.
   * @default DEFAULT_MAX_RECORD_BYTES (1 MiB)
   */
  readonly maxRecordBytes?: number;
}

/** Far above any real feed's record (a few hundred bytes), far below what would strain memory. */
export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

export interface FeedContract
  extends Omit<FeedContractInput<Record<string, ColumnSpec>>, 'rules' | 'athenaPartitions' | 'maxRecordBytes'> {
  /** `<system>/<feed>`, the landing prefix and the registry key. */
  readonly id: string;
  readonly athenaPartitions: 'projected' | 'none';
  readonly majorVersion: number;
  readonly rules: readonly CrossFieldRule[];
  readonly columnNames: readonly string[];
  readonly maxRecordBytes: number;
}

export function defineFeed<C extends Record<string, ColumnSpec>>(input: FeedContractInput<C>): FeedContract {
  const majorVersion = Number(input.version.split('.')[0]);
  if (!/^\d+\.\d+\.\d+$/.test(input.version)) throw new Error(`${input.feed}: version must be semver`);
  for (const key of [...input.primaryKey, input.partitionBy.site, input.partitionBy.date]) {
    const spec = input.columns[key];
    if (!spec) throw new Error(`${input.system}/${input.feed}: unknown key column ${key}`);
    if (!spec.required) throw new Error(`${input.system}/${input.feed}: key column ${key} must be required`);
  }
  for (const rule of input.rules ?? []) {
    for (const column of [rule.column, ...rule.reads]) {
      if (!input.columns[column])
        throw new Error(`${input.system}/${input.feed}: rule ${rule.name} names unknown column ${column}`);
    }
  }
  const partitionKind = input.columns[input.partitionBy.date]?.kind;
  if (partitionKind !== 'date' && partitionKind !== 'timestamp') {
    throw new Error(`${input.system}/${input.feed}: partition column must be a date or timestamp`);
  }
  return {
    ...input,
    id: `${input.system}/${input.feed}`,
    athenaPartitions: input.athenaPartitions ?? 'projected',
    majorVersion,
    rules: input.rules ?? [],
    columnNames: Object.keys(input.columns),
    maxRecordBytes: input.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
  };
}

/** Issue params carried on every zod issue, so the quarantine can name the rule. */
export interface RuleParams {
  readonly rule: string;
}

/** Adds a rule failure; `column` is given only at row level — inside a cell, zod prefixes the key itself. */
function addRuleIssue(ctx: z.RefinementCtx, rule: string, message: string, column?: string): void {
  ctx.addIssue({
    code: 'custom',
    message,
    path: column === undefined ? [] : [column],
    params: { rule } satisfies RuleParams,
  });
}

/** The text of a raw cell; NDJSON numbers and booleans are read as their text. */
export function rawText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw);
}

type Parsed = CellValue | LocalTimestamp | { rule: string; message: string };

export function parseCell(spec: ColumnSpec, text: string): Parsed {
  switch (spec.kind) {
    case 'string': {
      if (spec.maxLength !== undefined && text.length > spec.maxLength) {
        return fail('max_length', `longer than ${spec.maxLength} characters`);
      }
      if (spec.pattern && !spec.pattern.test(text)) {
        return fail('pattern', `"${text}" is not ${spec.patternHint ?? `of the form ${spec.pattern}`}`);
      }
      return text;
    }
    case 'enum':
      return spec.values.includes(text) ? text : fail('enum', `"${text}" is not one of ${spec.values.join(', ')}`);
    case 'integer': {
      const v = parseInteger(text);
      if (isFailure(v)) return v;
      if (spec.min !== undefined && v < spec.min) return fail('min', `${v} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) return fail('max', `${v} is above the maximum ${spec.max}`);
      return v;
    }
    case 'decimal': {
      const v = parseDecimal(text, spec.scale);
      if (isFailure(v)) return v;
      const unit = 10 ** spec.scale;
      if (spec.min !== undefined && v < spec.min * unit) return fail('min', `${text} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && v > spec.max * unit) return fail('max', `${text} is above the maximum ${spec.max}`);
      if (Math.abs(v) >= 10 ** spec.precision)
        return fail('decimal_range', `${text} exceeds decimal(${spec.precision},${spec.scale})`);
      return v;
    }
    case 'boolean':
      return parseBoolean(text);
    case 'date':
      return parseDate(text);
    case 'timestamp':
      return parseTimestamp(text);
  }
}

function cellSchema(name: string, spec: ColumnSpec) {
  return z.unknown().transform((raw, ctx): CellValue | LocalTimestamp => {
    const text = rawText(raw);
    if (text === null) {
      if (spec.required) addRuleIssue(ctx, 'required', `${name} is required but empty`);
      return null;
    }
    const parsed = parseCell(spec, text);
    if (isFailure(parsed)) {
      addRuleIssue(ctx, parsed.rule, parsed.message);
      return z.NEVER;
    }
    return parsed;
  });
}

/** Resolves a site id to its IANA timezone; `undefined` when the site is unknown. */
export type TimezoneOf = (siteId: string) => string | undefined;

/**
 * The zod schema of one row of `contract`: raw cells in, normalised row out. Zone-less times are
 * read in the site's timezone (from `timezoneOf`), then the cross-field rules run on the
 * normalised values.
 */
export function rowSchema(contract: FeedContract, timezoneOf: TimezoneOf) {
  const shape: Record<string, ReturnType<typeof cellSchema>> = {};
  for (const [name, spec] of Object.entries(contract.columns)) shape[name] = cellSchema(name, spec);
  const siteColumn = contract.partitionBy.site;
  return z
    .object(shape)
    .transform((cells, ctx): Row => {
      const row: Row = {};
      for (const [name, value] of Object.entries(cells)) {
        if (isLocalTimestamp(value)) {
          const site = cells[siteColumn];
          const zone = typeof site === 'string' ? timezoneOf(site) : undefined;
          if (zone === undefined) {
            addRuleIssue(
              ctx,
              'timezone_known',
              `"${value.text}" has no UTC offset and site ${String(site)} has no known timezone`,
              name,
            );
            return z.NEVER;
          }
          row[name] = localToUtcMicros(value, zone);
        } else {
          row[name] = value as CellValue;
        }
      }
      return row;
    })
    .superRefine((row, ctx) => {
      for (const rule of contract.rules) {
        if (!rule.check(row)) addRuleIssue(ctx, rule.name, rule.description, rule.column);
      }
    });
}

/** The `dt=` partition value of a normalised row: the UTC calendar day of its partition column. */
export function partitionDay(contract: FeedContract, row: Row): string {
  const value = row[contract.partitionBy.date] as number;
  return contract.columns[contract.partitionBy.date]?.kind === 'date' ? formatDay(value) : utcDayOfMicros(value);
}
