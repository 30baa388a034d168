/**
 * Site timezones for zone-less timestamps, read from the lake's own `reference/sites` raw table, so
 * adding a site is a matter of delivering a sites file, not of changing configuration.
 *
 * Read with hyparquet (pure JavaScript) rather than an Arrow-in-WebAssembly reader: the site master
 * is the only Parquet the Lambda reads, and a 5 MB .wasm for a few hundred rows was most of its asset.
 */

import { decompress as decompressZstd } from 'fzstd';
import { type ParquetParsers, parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { SITES_PREFIX } from '../../schemas/lake-layout.js';
import { type ObjectInfo, type ObjectStore, readAll } from './storage/port.js';

export { SITES_PREFIX } from '../../schemas/lake-layout.js';

const SITE = 'site_id';
const ZONE = 'timezone';
const INGESTED_AT = '_ingested_at';

/**
 * Reads every Parquet file under `raw/reference/sites/` and maps `site_id` → `timezone`. When a
 * site appears in several files, the one ingested last (by `_ingested_at`) wins; files without
 * that lineage column are taken in key order.
 */
export async function loadSiteTimezones(lake: ObjectStore): Promise<Map<string, string>> {
  const files: ObjectInfo[] = [];
  for await (const object of lake.list(SITES_PREFIX)) if (object.key.endsWith('.parquet')) files.push(object);
  // Ingest asks for every file it loads; the site master rarely changes, so the answer is reused
  // while the same site files (keys are content hashes) are in the lake.
  const signature = `${lake.location}\n${files.map((f) => `${f.key}:${f.size}`).join('\n')}`;
  const cached = cache.get(signature);
  if (cached) return cached;
  const latest = new Map<string, { zone: string; at: bigint }>();
  for (const object of files) {
    for (const { site, zone, at } of await readSites(object.key, await readAll(lake, object.key))) {
      const known = latest.get(site);
      if (!known || at >= known.at) latest.set(site, { zone, at });
    }
  }
  const zones = new Map([...latest].map(([site, { zone }]) => [site, zone]));
  cache.clear();
  cache.set(signature, zones);
  return zones;
}

/** One row of a sites file: `at` is `_ingested_at` in µs since the epoch, 0 when the file lacks it. */
export interface SiteRow {
  readonly site: string;
  readonly zone: string;
  readonly at: bigint;
}

/**
 * The rows of one sites file that name both a site and a zone, in file order. `key` only labels
 * errors. Reads just the three columns; ingest writes them zstd-compressed, the only codec wired in.
 */
export async function readSites(key: string, bytes: Uint8Array): Promise<SiteRow[]> {
  // A Buffer from readAll may be a view into a shared pool: hand hyparquet exactly the file.
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const metadata = parquetMetadata(file);
    const names = new Set(parquetSchema(metadata).children.map((c) => c.element.name));
    if (!names.has(SITE) || !names.has(ZONE)) {
      throw new Error(`a reference/sites file must have ${SITE} and ${ZONE} columns`);
    }
    const columns = names.has(INGESTED_AT) ? [SITE, ZONE, INGESTED_AT] : [SITE, ZONE];
    const rows = await parquetReadObjects({ file, metadata, columns, parsers: MICROS, compressors: { ZSTD: zstd } });
    const sites: SiteRow[] = [];
    for (const row of rows) {
      const site: unknown = row[SITE];
      const zone: unknown = row[ZONE];
      if (typeof site !== 'string' || typeof zone !== 'string') continue;
      sites.push({ site, zone, at: instantMicros(row[INGESTED_AT]) });
    }
    return sites;
  } catch (error) {
    throw new Error(`${key}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const zstd = (input: Uint8Array): Uint8Array => decompressZstd(input);

/**
 * Timestamps as exact µs (bigint), whatever unit the file stores: hyparquet's default is a Date,
 * which would drop the µs that tell two ingests in the same millisecond apart.
 */
const MICROS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => millis * 1000n,
  timestampFromMicroseconds: (micros) => micros,
  timestampFromNanoseconds: (nanos) => nanos / 1000n,
};

/** `_ingested_at` as read through MICROS; absent or null sorts first (0), as files without lineage do. */
function instantMicros(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (value === undefined || value === null) return 0n;
  // A plain INT64 column (no timestamp annotation) also arrives as bigint; anything else is not lineage.
  throw new Error(`${INGESTED_AT} must be a timestamp, got ${typeof value}`);
}

const cache = new Map<string, Map<string, string>>();
