/**
 * Site timezones for zone-less timestamps, read from the lake's own `reference/sites` raw table, so
 * adding a site is a matter of delivering a sites file, not of changing configuration.
 */
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { SITES_PREFIX } from '../../schemas/lake-layout.js';
import { type ObjectInfo, type ObjectStore, readAll } from './storage/port.js';

export { SITES_PREFIX } from '../../schemas/lake-layout.js';

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
  const latest = new Map<string, { zone: string; at: number }>();
  for (const object of files) {
    const table = arrow.tableFromIPC(parquet.readParquet(await readAll(lake, object.key)).intoIPCStream());
    const sites = table.getChild('site_id');
    const zones = table.getChild('timezone');
    if (!sites || !zones) {
      throw new Error(`${object.key}: a reference/sites file must have site_id and timezone columns`);
    }
    const ingested = table.getChild('_ingested_at');
    for (let i = 0; i < table.numRows; i++) {
      const site: unknown = sites.get(i);
      const zone: unknown = zones.get(i);
      if (typeof site !== 'string' || typeof zone !== 'string') continue;
      const at = Number(ingested?.get(i) ?? 0);
      const known = latest.get(site);
      if (!known || at >= known.at) latest.set(site, { zone, at });
    }
  }
  const zones = new Map([...latest].map(([site, { zone }]) => [site, zone]));
  cache.clear();
  cache.set(signature, zones);
  return zones;
}

const cache = new Map<string, Map<string, string>>();
