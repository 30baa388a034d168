/**
 * Property-based differential tests of the two cell paths: the byte fast path
 * (`column-decoder.ts`) against the contract's zod schema (`rowSchema`, `parseCell`), for every
 * column kind and every distinct column spec the contracts declare. For generated valid,
 * near-valid and hostile cells:
 * - whenever the fast path accepts a cell, zod accepts it with the identical lake value;
 * - (so) whenever zod rejects, the fast path rejects or declines;
 * - a valid cell parses to the value computed independently by the generator, and a cell the
 *   generator knows to break a rule is rejected (holding zod's own shortcuts, such as its
 *   canonical-instant reader, to the meaning of the text);
 * - the spellings machines send take the fast path (else its speed is silently lost).
 * Fixed seed, CASES_PER_KIND cases per column kind.
 */
import type { RecordBatch } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf as arrowSchemaOf } from '../../functions/core/arrow-schema.js';
import { CsvColumnDecoder } from '../../functions/core/column-decoder.js';
import { type CsvRecordTable, scanCsv } from '../../functions/core/csv-reader.js';
import {
  type ColumnKind,
  type ColumnSpec,
  col,
  defineFeed,
  type FeedContract,
  rowSchema,
} from '../../schemas/contract.js';
import { contracts } from '../../schemas/index.js';
import { CASES_PER_KIND, type Cell, cellsFor, SEED } from '../support/cell-arbitraries.js';

const zones = new Map([
  ['S1', 'Europe/Berlin'],
  ['S2', 'America/Chicago'],
]);
const timezoneOf = (site: string) => zones.get(site);
/** S9 has no timezone: a zone-less time there is invalid. */
const SITES = ['S1', 'S2', 'S9'];
const DAY = '2026-01-02';
const HEADER = ['site_id', 'day', 'value'];

/** A one-column contract around `spec`: a site and a day to partition by, then the column under test. */
function probe(spec: ColumnSpec, n: number): FeedContract {
  return defineFeed({
    system: 'wms',
    feed: `probe_${spec.kind}_${n}`,
    version: '1.0.0',
    description: 'a probe for one column spec',
    cadence: 'daily',
    columns: { site_id: col.id('Site'), day: col.date('Day'), value: spec },
    primaryKey: ['site_id'],
    partitionBy: { site: 'site_id', date: 'day' },
  });
}

/** Every distinct column spec of `kind` in the contracts, each also as optional. */
function specsOf(kind: ColumnKind): ColumnSpec[] {
  const seen = new Map<string, ColumnSpec>();
  for (const contract of contracts) {
    for (const spec of Object.values(contract.columns)) {
      if (spec.kind !== kind) continue;
      const { description: _d, unit: _u, ...rule } = spec as ColumnSpec & { patternHint?: string };
      const id = JSON.stringify({ ...rule, pattern: 'pattern' in rule ? String(rule.pattern) : undefined });
      seen.set(id, spec);
    }
  }
  return [...seen.values()].flatMap((spec) => [spec, { ...spec, required: !spec.required }]);
}

const quote = (text: string, always: boolean) =>
  always || /[",\r\n]/.test(text) || text.trim() !== text ? `"${text.replaceAll('"', '""')}"` : text;

/** The table holding the first data record of a CSV text, and that record's index in it. */
async function firstRecord(text: string): Promise<{ table: CsvRecordTable; r: number }> {
  async function* bytes() {
    yield new TextEncoder().encode(text);
  }
  for await (const table of scanCsv(bytes()))
    for (let r = 0; r < table.count; r++) if (table.row[r] === 2) return { table, r };
  throw new Error(`no data record in ${JSON.stringify(text)}`);
}

/** Arrow's value of row 0 of column `c` of a batch, as plain data (bigints as text, Decimal128 words as arrays). */
function lakeValue(batch: RecordBatch | undefined, c: number): unknown {
  if (batch === undefined) throw new Error('no batch was built');
  const value = batch.getChildAt(c)?.get(0);
  return typeof value === 'bigint'
    ? value.toString()
    : ArrayBuffer.isView(value)
      ? Array.from(value as Uint32Array)
      : value;
}

const schemas = new WeakMap<FeedContract, ReturnType<typeof rowSchema>>();
function schemaOf(contract: FeedContract): ReturnType<typeof rowSchema> {
  if (!schemas.has(contract)) schemas.set(contract, rowSchema(contract, timezoneOf));
  return schemas.get(contract) as ReturnType<typeof rowSchema>;
}

interface Verdict {
  readonly fast: boolean;
  readonly zod: boolean;
}

/** Both paths on one cell; asserts they agree. */
async function differential(contract: FeedContract, cell: Cell, site: string, quoted: boolean): Promise<Verdict> {
  const text = `${HEADER.join(',')}\n${site},${DAY},${quote(cell.text, quoted)}\n`;
  const { table, r } = await firstRecord(text);
  const decoder = new CsvColumnDecoder(contract, new Map(HEADER.map((name, i) => [name, i])), timezoneOf);
  const label = `${JSON.stringify(cell.text)} at ${site} for ${JSON.stringify(contract.columns.value, (_, v) => (v instanceof RegExp ? String(v) : v))}`;
  const zod = schemaOf(contract).safeParse(decoder.rawValues(table, r));
  const fast = decoder.parse(table, r);
  if (fast) {
    expect(zod.success, `the fast path accepts what zod rejects: ${label}`).toBe(true);
    if (!zod.success) return { fast, zod: false };
    const columns = Object.entries(contract.columns);
    const viaFast = new BatchBuilder(columns, arrowSchemaOf(columns), 1);
    decoder.write(viaFast.columns, 0);
    const fastBatch = viaFast.commit() ?? viaFast.flush();
    const viaZod = new BatchBuilder(columns, arrowSchemaOf(columns), 1);
    const zodBatch = viaZod.push(zod.data) ?? viaZod.flush();
    const value = lakeValue(zodBatch, 2);
    expect(lakeValue(fastBatch, 2), `lake value of ${label}`).toEqual(value);
    if (cell.text.trim() !== '') expect(value, `a non-empty cell ${label} lands as null`).not.toBeNull();
    expect(decoder.site()).toBe(site);
    expect(decoder.partitionValue()).toBe(zod.data.day);
  }
  const siteKnown = contract.columns.value?.kind !== 'timestamp' || zones.has(site);
  if (cell.expected !== undefined && siteKnown) {
    expect(zod.success, `zod rejects a valid cell: ${label}: ${zod.error?.message}`).toBe(true);
    expect(zod.data?.value, `zod's value of ${label}`).toBe(cell.expected);
  }
  if (cell.invalid) expect(zod.success, `zod accepts an invalid cell: ${label}`).toBe(false);
  if (cell.canonical && zod.success && !quoted) expect(fast, `the fast path declines ${label}`).toBe(true);
  return { fast, zod: zod.success };
}

const KINDS: ColumnKind[] = ['string', 'enum', 'integer', 'decimal', 'boolean', 'date', 'timestamp'];

describe('the byte fast path agrees with zod on generated cells', () => {
  for (const kind of KINDS) {
    it(`${kind}: ${CASES_PER_KIND} cases over every ${kind} spec of the contracts`, async () => {
      const probes = specsOf(kind).map((spec, n) => ({ contract: probe(spec, n), cells: cellsFor(spec) }));
      expect(probes.length).toBeGreaterThan(0);
      const tally = { fast: 0, zod: 0, runs: 0 };
      const cases = fc
        .constantFrom(...probes)
        .chain(({ contract, cells }) =>
          fc.tuple(fc.constant(contract), cells, fc.constantFrom(...SITES), fc.boolean()),
        );
      await fc.assert(
        fc.asyncProperty(cases, async ([contract, cell, site, quoted]) => {
          const verdict = await differential(contract, cell, site, quoted);
          tally.runs++;
          if (verdict.fast) tally.fast++;
          if (verdict.zod) tally.zod++;
        }),
        { seed: SEED, numRuns: CASES_PER_KIND },
      );
      // The generators reach both sides of every rule: some cells valid, some not, some fast.
      expect(tally.runs).toBeGreaterThanOrEqual(CASES_PER_KIND);
      expect(tally.zod).toBeGreaterThan(CASES_PER_KIND / 5);
      expect(tally.zod).toBeLessThan(CASES_PER_KIND);
      expect(tally.fast).toBeGreaterThan(CASES_PER_KIND / 20);
    });
  }
});
