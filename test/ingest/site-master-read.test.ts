/**
 * The Lambda reads the site master with hyparquet (JavaScript) instead of parquet-wasm; arrow-rs
 * (parquet-wasm) stays here as the oracle: on generated sites files written by opslake's own
 * writer, and on one written by the ingest pipeline, both readers must see the same rows, the same
 * µs of `_ingested_at`, and so the same site → zone map.
 */
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import * as parquet from 'parquet-wasm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { ingestFile } from '../../functions/core/ingest.js';
import { toParquet } from '../../functions/core/parquet/writer.js';
import { loadSiteTimezones, readSites, SITES_PREFIX, type SiteRow } from '../../functions/core/site-timezones.js';
import { readAll } from '../../functions/core/storage/port.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { SEED } from '../support/cell-arbitraries.js';
import { keys, put, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

const ZONES = ['Europe/Berlin', 'America/Chicago', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'];
const SITES = ['S1', 'S2', 'S3', 'S4', 'DC-Ünïcødé'];
// The sites contract's id pattern: what the pipeline accepts.
const ID_SITES = SITES.filter((s) => /^[A-Za-z0-9]+$/.test(s));
// 2026-01-01T00:00:00Z in µs: ingest times near it, some within one millisecond of each other.
const BASE_MICROS = 1_767_225_600_000_000;

interface SitesFile {
  readonly rows: { site: string | null; zone: string | null }[];
  readonly at: number;
  /** Written as the partition writer does: `_ingested_at` set once per batch, not per row. */
  readonly constant: boolean;
}

/** `nullable`: site_id and timezone optional columns that may hold nulls; otherwise null-free. */
const sitesFile = (nullable: boolean): fc.Arbitrary<SitesFile> => {
  const cell = (values: string[]) => (nullable ? fc.option(fc.constantFrom(...values)) : fc.constantFrom(...values));
  return fc.record({
    rows: fc.array(fc.record({ site: cell(SITES), zone: cell(ZONES) }), { minLength: 1, maxLength: 40 }),
    at: fc.integer({ min: BASE_MICROS, max: BASE_MICROS + 3_000 }),
    constant: fc.boolean(),
  });
};

function write(file: SitesFile, nullable: boolean): Uint8Array {
  const columns: [string, ColumnSpec][] = [
    ['site_id', col.id('Site', { required: !nullable })],
    ['timezone', col.string('IANA zone', { required: !nullable })],
    ['_ingested_at', col.timestamp('When ingested')],
  ];
  const schema = schemaOf(columns);
  const builder = new BatchBuilder(columns, schema, 16);
  if (file.constant) builder.setConstant('_ingested_at', file.at);
  const batches: arrow.RecordBatch[] = [];
  for (const { site, zone } of file.rows) {
    const batch = builder.push({ site_id: site, timezone: zone, _ingested_at: file.at });
    if (batch) batches.push(batch);
  }
  const last = builder.flush();
  if (last) batches.push(last);
  return toParquet(schema, batches);
}

/** arrow-rs's reading of a sites file: rows naming a site and a zone, `_ingested_at` as raw µs. */
function oracle(bytes: Uint8Array): SiteRow[] {
  const table = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  const sites = table.getChild('site_id');
  const zones = table.getChild('timezone');
  const ingested = table.getChild('_ingested_at');
  if (!sites || !zones) throw new Error('oracle: no site_id or timezone column');
  // The timestamp vector's storage, so no unit conversion stands between the file and the answer.
  const micros = (ingested?.data ?? []).flatMap((d) => [...(d.values as BigInt64Array).subarray(0, d.length)]);
  const rows: SiteRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const site: unknown = sites.get(i);
    const zone: unknown = zones.get(i);
    if (typeof site === 'string' && typeof zone === 'string') rows.push({ site, zone, at: micros[i] ?? 0n });
  }
  return rows;
}

describe('readSites (hyparquet) against parquet-wasm (arrow-rs)', () => {
  it.each([
    ['null-free', false],
    ['with null sites and zones', true],
  ])('reads generated sites files (%s) as parquet-wasm does', async (_name, nullable) => {
    await fc.assert(
      fc.asyncProperty(sitesFile(nullable), async (file) => {
        const bytes = write(file, nullable);
        const expected = oracle(bytes);
        expect(expected.length).toBe(file.rows.filter((r) => r.site !== null && r.zone !== null).length);
        expect(await readSites('sites.parquet', bytes)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('reads a sites file the ingest pipeline wrote (constant lineage columns) as parquet-wasm does', async () => {
    const lines = ID_SITES.map((s, i) => `${s},Site ${i},EU,DE,${ZONES[i % ZONES.length]},2020-01-0${i + 1}`);
    await put(
      ws.buckets.landing,
      'reference/sites/s.csv',
      `site_id,site_name,region,country,timezone,opened_on\n${lines.join('\n')}\n`,
    );
    expect((await ingestFile({ buckets: ws.buckets, key: 'reference/sites/s.csv' })).outcome).toBe('loaded');
    const written = await keys(ws.buckets.lake, SITES_PREFIX);
    expect(written.length).toBeGreaterThan(0);
    let rows = 0;
    for (const key of written) {
      const bytes = await readAll(ws.buckets.lake, key);
      const read = await readSites(key, bytes);
      expect(read).toEqual(oracle(bytes));
      rows += read.length;
    }
    expect(rows).toBe(ID_SITES.length);
  });

  it('names the file when it is not Parquet or lacks a site_id column', async () => {
    await expect(readSites('raw/reference/sites/x.parquet', new TextEncoder().encode('not parquet'))).rejects.toThrow(
      /^raw\/reference\/sites\/x\.parquet: /,
    );
    const columns: [string, ColumnSpec][] = [['timezone', col.string('IANA zone')]];
    const schema = schemaOf(columns);
    const builder = new BatchBuilder(columns, schema, 4);
    builder.push({ timezone: 'UTC' });
    const batch = builder.flush();
    if (!batch) throw new Error('no batch');
    await expect(readSites('y.parquet', toParquet(schema, [batch]))).rejects.toThrow(
      'y.parquet: a reference/sites file must have site_id and timezone columns',
    );
  });
});

describe('loadSiteTimezones against parquet-wasm', () => {
  it('keeps, per site, the zone of the latest ingest (key order on ties), as the oracle reads the files', async () => {
    const files = fc.array(sitesFile(true), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(files, async (generated) => {
        for (const key of await keys(ws.buckets.lake, SITES_PREFIX)) await ws.buckets.lake.delete(key);
        const expected = new Map<string, { zone: string; at: bigint }>();
        // Keys in index order, ingest times in generated (unrelated) order: later-ingested duplicates
        // sit both before and after earlier ones in key order.
        for (const [i, file] of generated.entries()) {
          const bytes = write(file, true);
          await ws.buckets.lake.write(`${SITES_PREFIX}site=S/dt=2026-01-01/f${i}.parquet`, bytes);
          for (const row of oracle(bytes)) {
            const known = expected.get(row.site);
            if (!known || row.at >= known.at) expected.set(row.site, row);
          }
        }
        const zones = new Map([...expected].map(([site, { zone }]) => [site, zone]));
        expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(zones);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('tells apart two ingests a few µs apart in the same millisecond', async () => {
    const earlier: SitesFile = { rows: [{ site: 'S1', zone: 'Asia/Tokyo' }], at: BASE_MICROS + 7, constant: true };
    const later: SitesFile = { rows: [{ site: 'S1', zone: 'Europe/Berlin' }], at: BASE_MICROS + 9, constant: true };
    // The later ingest comes first in key order: only the µs decide.
    await ws.buckets.lake.write(`${SITES_PREFIX}site=S1/dt=2026-01-01/a.parquet`, write(later, false));
    await ws.buckets.lake.write(`${SITES_PREFIX}site=S1/dt=2026-01-01/b.parquet`, write(earlier, false));
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(new Map([['S1', 'Europe/Berlin']]));
  });
});
