/**
 * The physical-type table (schemas/physical-types.ts), walked kind by kind: each row's Arrow,
 * Parquet, Glue and DuckDB types must describe the same column, judged by rules written here from
 * the formats' own documentation (Parquet's logical types, Athena's Parquet types, DuckDB's Parquet
 * reader), not taken from the table. And no other source file maps a contract kind to a physical
 * type of its own: a second mapping is how the Glue and Arrow types drifted apart before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { type ColumnKind, type ColumnSpec, col } from '../../schemas/contract.js';
import {
  arrowType,
  duckdbType,
  glueType,
  type ParquetType,
  PHYSICAL_TYPES,
  parquetType,
  parquetTypeOfArrow,
  typeLabel,
} from '../../schemas/physical-types.js';

/** Specs of every kind, decimals across the precisions that change the Parquet byte length. */
const SAMPLES: Record<ColumnKind, readonly ColumnSpec[]> = {
  string: [col.string('s'), col.id('id'), col.string('optional', { required: false })],
  enum: [col.enum('e', ['a', 'b'])],
  integer: [col.integer('i'), col.integer('bounded', { min: 0, max: 10 })],
  decimal: [
    col.decimal('d', { scale: 0, precision: 1 }),
    col.decimal('d', { scale: 2, precision: 9 }),
    col.decimal('d', { scale: 0, precision: 10 }),
    col.decimal('d', { scale: 3, precision: 12 }),
    col.money('m'),
    col.decimal('d', { scale: 4, precision: 19 }),
    col.decimal('d', { scale: 4, precision: 38 }),
  ],
  boolean: [col.boolean('b')],
  date: [col.date('d')],
  timestamp: [col.timestamp('t')],
};
const samples = Object.values(SAMPLES).flat();

/** Athena's type for a Parquet column (Hive's Parquet SerDe). */
function hiveTypeOfParquet(p: ParquetType): string {
  const logical = p.logical;
  if (p.physical === 'BYTE_ARRAY' && logical?.type === 'STRING') return 'string';
  if (p.physical === 'BOOLEAN' && logical === undefined) return 'boolean';
  if (p.physical === 'INT64' && logical === undefined) return 'bigint';
  if (p.physical === 'INT32' && logical?.type === 'DATE') return 'date';
  if (p.physical === 'INT64' && logical?.type === 'TIMESTAMP') return 'timestamp';
  if (p.physical === 'FIXED_LEN_BYTE_ARRAY' && logical?.type === 'DECIMAL')
    return `decimal(${logical.precision},${logical.scale})`;
  throw new Error(`no Hive type for ${JSON.stringify(p)}`);
}

/** DuckDB's type for a Parquet column. */
function duckdbTypeOfParquet(p: ParquetType): string {
  const logical = p.logical;
  if (logical?.type === 'TIMESTAMP') return logical.isAdjustedToUTC ? 'timestamp with time zone' : 'timestamp';
  if (p.physical === 'BYTE_ARRAY' && logical?.type === 'STRING') return 'varchar';
  return hiveTypeOfParquet(p);
}

/** The smallest number of bytes whose signed range holds ±(10^precision − 1). */
function minimalBytes(precision: number): number {
  const largest = 10n ** BigInt(precision) - 1n;
  let bytes = 1;
  while (largest > (1n << BigInt(8 * bytes - 1)) - 1n) bytes++;
  return bytes;
}

describe('the physical-type table', () => {
  it('has a row for every kind the column builders make, and samples of each', () => {
    const kinds = Object.keys(PHYSICAL_TYPES).sort();
    expect(Object.keys(SAMPLES).sort()).toEqual(kinds);
    expect([...new Set(samples.map((s) => s.kind))].sort()).toEqual(kinds);
  });

  it.each(samples.map((s) => [`${s.kind} ${typeLabel(s)}`, s] as const))(
    '%s: Arrow, Parquet, Glue and DuckDB describe one column',
    (_name, spec) => {
      const a = arrowType(spec);
      const p = parquetType(spec);
      // The writer sees only the Arrow type; from it alone it must choose the same Parquet column.
      expect(parquetTypeOfArrow(a)).toEqual(p);
      expect(PHYSICAL_TYPES[spec.kind].isArrow(a)).toBe(true);
      expect(glueType(spec)).toBe(hiveTypeOfParquet(p));
      expect(duckdbType(spec)).toBe(duckdbTypeOfParquet(p));
      expect(typeLabel(spec)).not.toBe('');
    },
  );

  it('gives a decimal the same precision and scale in Arrow, Parquet, Glue and DuckDB', () => {
    for (const spec of SAMPLES.decimal) {
      if (spec.kind !== 'decimal') throw new Error('decimal samples only');
      const { precision, scale } = spec;
      const a = arrowType(spec);
      expect(arrow.DataType.isDecimal(a) && [a.precision, a.scale, a.bitWidth]).toEqual([precision, scale, 128]);
      expect(parquetType(spec)).toEqual({
        physical: 'FIXED_LEN_BYTE_ARRAY',
        typeLength: minimalBytes(precision),
        logical: { type: 'DECIMAL', precision, scale },
      });
      expect(glueType(spec)).toBe(`decimal(${precision},${scale})`);
      expect(duckdbType(spec)).toBe(`decimal(${precision},${scale})`);
    }
    // The byte lengths readers expect (Spark's and arrow-rs's table): 9 digits in 4 bytes, 18 in 8, 38 in 16.
    expect([1, 9, 10, 18, 19, 38].map(minimalBytes)).toEqual([1, 4, 5, 8, 9, 16]);
  });

  it('makes a timestamp a UTC instant in microseconds everywhere', () => {
    const spec = col.timestamp('t');
    const a = arrowType(spec);
    expect(arrow.DataType.isTimestamp(a) && [a.unit, a.timezone]).toEqual([arrow.TimeUnit.MICROSECOND, 'UTC']);
    expect(parquetType(spec)).toEqual({
      physical: 'INT64',
      logical: { type: 'TIMESTAMP', unit: 'MICROS', isAdjustedToUTC: true },
    });
    expect(duckdbType(spec)).toBe('timestamp with time zone');
    expect(glueType(spec)).toBe('timestamp');
  });

  it('keeps integers 64-bit and dates whole days in every system', () => {
    const integer = arrowType(col.integer('i'));
    expect(arrow.DataType.isInt(integer) && [integer.bitWidth, integer.isSigned]).toEqual([64, true]);
    expect([parquetType(col.integer('i')).physical, glueType(col.integer('i')), duckdbType(col.integer('i'))]).toEqual([
      'INT64',
      'bigint',
      'bigint',
    ]);
    const day = arrowType(col.date('d'));
    expect(arrow.DataType.isDate(day) && day.unit).toBe(arrow.DateUnit.DAY);
    expect(parquetType(col.date('d'))).toEqual({ physical: 'INT32', logical: { type: 'DATE' } });
  });

  it('lets kinds share an Arrow type only when they share every physical type', () => {
    let shared = 0;
    for (const spec of samples) {
      const a = arrowType(spec);
      // Specs of other kinds with the same Arrow type: the writer cannot tell them apart.
      for (const other of samples.filter((o) => o.kind !== spec.kind && String(arrowType(o)) === String(a))) {
        shared++;
        expect(PHYSICAL_TYPES[other.kind].isArrow(a)).toBe(true);
        expect([parquetType(other), glueType(other), duckdbType(other)]).toEqual([
          parquetType(spec),
          glueType(spec),
          duckdbType(spec),
        ]);
      }
      const claiming = Object.entries(PHYSICAL_TYPES).filter(([, row]) => row.isArrow(a));
      for (const [, row] of claiming) expect(row.parquet(a as never)).toEqual(parquetType(spec));
    }
    // string and enum share Utf8 (3 string samples × 1 enum, both ways).
    expect(shared).toBe(6);
  });

  it('refuses Arrow types no kind produces', () => {
    for (const type of [
      new arrow.Float64(),
      new arrow.Int32(),
      new arrow.Uint64(),
      new arrow.TimestampMillisecond('UTC'),
      new arrow.DateMillisecond(),
      new arrow.Decimal(2, 18, 256),
      new arrow.LargeUtf8(),
    ]) {
      expect(parquetTypeOfArrow(type), String(type)).toBeUndefined();
    }
  });

  it('names types as the data dictionary always has', () => {
    expect(
      [
        col.string('s'),
        col.enum('e', ['a']),
        col.integer('i'),
        col.money('m'),
        col.boolean('b'),
        col.date('d'),
        col.timestamp('t'),
      ].map(typeLabel),
    ).toEqual(['string', 'enum', 'integer', 'decimal(18,2)', 'boolean', 'date', 'timestamp (UTC, µs)']);
  });
});

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const TABLE = 'schemas/physical-types.ts';

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [relative(root, join(root, path))] : [];
  });
}

/** The code of a file without its comments (prose may name a type). */
const code = (file: string) =>
  readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

/**
 * Text that names a type without deciding one: the decimal_range rule's message. Removed from the
 * file's code before the check, so any other spelling in the same file still counts.
 */
const MESSAGES: readonly (readonly [string, string])[] = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, matched as text
  ['schemas/contract.ts', 'exceeds decimal(${spec.precision},${spec.scale})'],
];
const checked = (file: string) =>
  MESSAGES.reduce((text, [f, message]) => (f === file ? text.replaceAll(message, '') : text), code(file));

/** A file that works on contract column specs: it imports the contract model or switches on `enum`. */
const handlesContractKinds = (text: string) =>
  /from '[./]*(schemas\/)?contract\.js'/.test(text) || /case 'enum'|kind === 'enum'/.test(text);

/**
 * Physical types spelled out: an Arrow type built, a decimal type built from a spec, a Glue or
 * DuckDB type name that is not also a contract kind's name, a Parquet type code.
 */
const PHYSICAL = [
  /new arrow\.(Utf8|LargeUtf8|Binary|Bool|Int\d*|Uint\d+|Float\d*|Decimal|Date\w*|Timestamp\w*|Time\w*)\(/,
  /decimal\(\$\{/,
  /['"`](bigint|varchar|int|double|float|timestamp with time zone|timestamptz)['"`]/i,
  /\b(PhysicalType|LogicalType|ConvertedType)\.[A-Z]/,
];

describe('the physical-type table is the only mapping', () => {
  it('no other file that handles contract kinds spells a physical type', () => {
    const files = ['functions', 'infra', 'schemas'].flatMap(sources).filter((f) => f !== TABLE);
    expect(files.length).toBeGreaterThan(30);
    const handling = files.filter((f) => handlesContractKinds(code(f)));
    // The check reaches the modules that used to keep mappings of their own.
    expect(handling).toEqual(
      expect.arrayContaining([
        'functions/core/arrow-batch.ts',
        'schemas/codegen/glue.ts',
        'schemas/codegen/data-dictionary.ts',
        'schemas/compatibility.ts',
      ]),
    );
    for (const [file, message] of MESSAGES) expect(code(file), file).toContain(message);
    const spelled = handling.filter((f) => PHYSICAL.some((pattern) => pattern.test(checked(f))));
    expect(spelled).toEqual([]);
  });
});
