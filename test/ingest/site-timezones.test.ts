/**
 * Site timezones come from the lake's reference/sites table, and zone-less timestamps of a feed are
 * read in their site's zone (stored UTC) when the caller does not pass timezones explicitly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../functions/core/arrow-batch.js';
import { schemaOf } from '../../functions/core/arrow-schema.js';
import { ingestFile } from '../../functions/core/ingest.js';
import { toParquet } from '../../functions/core/parquet/writer.js';
import { loadSiteTimezones, SITES_PREFIX } from '../../functions/core/site-timezones.js';
import type { ObjectStore } from '../../functions/core/storage/port.js';
import { type ColumnSpec, col } from '../../schemas/contract.js';
import { csv, lakeShipments, put, shipment, type TempWorkspace, tempWorkspace } from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

/** A raw reference/sites Parquet file as ingest would write it (the columns this module reads). */
async function writeSites(lake: ObjectStore, key: string, sites: [string, string][], ingestedAt: number) {
  const columns: [string, ColumnSpec][] = [
    ['site_id', col.id('Site')],
    ['timezone', col.string('IANA zone')],
    ['_ingested_at', col.timestamp('When ingested')],
  ];
  const schema = schemaOf(columns);
  const builder = new BatchBuilder(columns, schema, 1024);
  for (const [site_id, timezone] of sites) builder.push({ site_id, timezone, _ingested_at: ingestedAt });
  const batch = builder.flush();
  if (!batch) throw new Error('no batch');
  await lake.write(`${SITES_PREFIX}${key}`, toParquet(schema, [batch]));
}

describe('loadSiteTimezones', () => {
  it('is empty when the lake has no sites table', async () => {
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(new Map());
  });

  it('maps site_id to timezone across files; the later ingest of a site wins', async () => {
    await writeSites(
      ws.buckets.lake,
      'site=S1/dt=2026-01-01/a.parquet',
      [
        ['S1', 'Europe/Berlin'],
        ['S2', 'America/Chicago'],
      ],
      1,
    );
    await writeSites(ws.buckets.lake, 'site=S2/dt=2026-01-02/b.parquet', [['S2', 'America/New_York']], 2);
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(
      new Map([
        ['S1', 'Europe/Berlin'],
        ['S2', 'America/New_York'],
      ]),
    );
  });

  it('sees a newly delivered sites file on the next call (the per-process reuse is keyed by the files)', async () => {
    await writeSites(ws.buckets.lake, 'site=S1/dt=2026-01-01/a.parquet', [['S1', 'Europe/Berlin']], 1);
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(new Map([['S1', 'Europe/Berlin']]));
    await writeSites(ws.buckets.lake, 'site=S1/dt=2026-01-02/b.parquet', [['S1', 'Asia/Tokyo']], 2);
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(new Map([['S1', 'Asia/Tokyo']]));
    await ws.buckets.lake.delete(`${SITES_PREFIX}site=S1/dt=2026-01-02/b.parquet`);
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(new Map([['S1', 'Europe/Berlin']]));
  });
});

describe('LocalDirectoryStore.list', () => {
  it('lists only keys under the prefix, whole keys, including a prefix that ends mid-name', async () => {
    const lake = ws.buckets.lake;
    for (const key of ['raw/a/x.parquet', 'raw/ab/y.parquet', 'raw/b/z.parquet', 'other/q.parquet'])
      await lake.write(key, 'data');
    const keys = async (prefix: string) => {
      const found: string[] = [];
      for await (const o of lake.list(prefix)) found.push(o.key);
      return found;
    };
    expect(await keys('raw/a/')).toEqual(['raw/a/x.parquet']);
    expect(await keys('raw/a')).toEqual(['raw/a/x.parquet', 'raw/ab/y.parquet']);
    expect(await keys('raw/')).toEqual(['raw/a/x.parquet', 'raw/ab/y.parquet', 'raw/b/z.parquet']);
    expect(await keys('missing/')).toEqual([]);
  });
});

describe('ingest without explicit timezones', () => {
  it('reads zone-less times in the site zone from the lake, and rejects a site with no known zone', async () => {
    await writeSites(ws.buckets.lake, 'site=S1/dt=2026-01-01/a.parquet', [['S1', 'America/Chicago']], 1);
    const rows = [
      shipment(2, { shipped_at: '2026-01-02T08:00:00', promised_delivery_at: '2026-01-05T08:00:00' }),
      shipment(3, { shipped_at: '2026-01-02T08:00:00' }),
    ];
    await put(ws.buckets.landing, 'tms/shipments/local.csv', csv(rows));
    const result = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/local.csv' });
    // S1 (Chicago, UTC−6 in January): 08:00 local is 14:00 UTC.
    const [row] = await lakeShipments(ws.buckets.lake.root);
    expect(row?.shipped_at).toEqual(new Date('2026-01-02T14:00:00Z'));
    // S2 has no timezone: its zone-less time cannot be placed, and the row says so.
    expect(result.rejections).toMatchObject([{ row: 3, column: 'shipped_at', rule: 'timezone_known' }]);
    expect(result.rejections[0]?.message).toMatch(/site S2 has no known timezone/);
  });
});

describe('with the reference/sites contract', () => {
  it('a sites file ingested through the pipeline provides the zones for the next feed', async () => {
    await put(
      ws.buckets.landing,
      'reference/sites/sites.csv',
      'site_id,site_name,region,country,timezone,opened_on\nS1,Chicago DC,NA,US,America/Chicago,2020-01-01\nS2,Berlin DC,EU,DE,Europe/Berlin,2021-06-01\n',
    );
    const sites = await ingestFile({ buckets: ws.buckets, key: 'reference/sites/sites.csv' });
    expect(sites.outcome).toBe('loaded');
    expect(await loadSiteTimezones(ws.buckets.lake)).toEqual(
      new Map([
        ['S1', 'America/Chicago'],
        ['S2', 'Europe/Berlin'],
      ]),
    );
    await put(ws.buckets.landing, 'tms/shipments/local.csv', csv([shipment(3, { shipped_at: '2026-01-02T08:00:00' })]));
    const result = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/local.csv' });
    expect(result.outcome).toBe('loaded');
    // S2 is Berlin (UTC+1 in January): 08:00 local is 07:00 UTC.
    expect((await lakeShipments(ws.buckets.lake.root))[0]?.shipped_at).toEqual(new Date('2026-01-02T07:00:00Z'));
  });
});
