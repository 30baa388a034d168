/**
 * A feed generated on the fly as a byte stream, never stored: a landing ObjectStore whose one object
 * is `rows` rows of valid CSV (every `badEvery`-th row with a bad quantity), so a multi-gigabyte file
 * can be ingested without the disk or the test holding it. TMS shipments (13 columns) by default, or
 * WMS order events (9 columns: the pick/pack/ship stream the ingest bench is specified on).
 */

import type { ObjectInfo, ObjectStore } from '../../functions/core/storage/port.js';
import { ObjectNotFound } from '../../functions/core/storage/port.js';
import { shipments } from '../../schemas/tms.js';
import { orderEvents } from '../../schemas/wms.js';

export interface GeneratedFeedOptions {
  readonly rows: number;
  /** Every n-th data row carries an invalid value (0 = none). */
  readonly badEvery?: number;
  readonly sites?: number;
  readonly days?: number;
  readonly feed?: 'shipments' | 'order_events';
  /**
   * Order events only. `time-ordered` (default): events in time order across the whole span, sites
   * interleaved within each day, as a WMS extract comes. `interleaved`: consecutive order lines
   * cycle through every day, so nearly every row lands in another partition than the one before
   * (a worst case for the partition writer).
   */
  readonly layout?: 'time-ordered' | 'interleaved';
  /**
   * Order events only. `utc` (default): instants spelled with `Z`. `local`: the same wall times
   * without a zone, as WMS and WFM exports carry them, read in the site's timezone (the lake then
   * needs a site master: see {@link sitesCsv}).
   */
  readonly clock?: 'utc' | 'local';
}

/** A `reference/sites` file naming a timezone for each of the generated sites S1…S`sites`. */
export function sitesCsv(sites = 4): string {
  const zones = ['Europe/Berlin', 'America/Chicago', 'Asia/Singapore', 'America/Sao_Paulo'];
  let text = 'site_id,site_name,region,country,timezone,opened_on\n';
  for (let s = 1; s <= sites; s++) text += `S${s},Site ${s},Region,DE,${zones[(s - 1) % zones.length]},2020-01-01\n`;
  return text;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

const EVENT_TYPES = ['picked', 'packed', 'shipped'] as const;

/** Order-event rows [from, to): three events (pick, pack, ship) per order line. */
function orderEventRows(from: number, to: number, options: GeneratedFeedOptions): string {
  const sites = options.sites ?? 4;
  const days = options.days ?? 28;
  const perDay = Math.ceil(options.rows / days);
  const interleaved = options.layout === 'interleaved';
  const zone = options.clock === 'local' ? '' : 'Z';
  let text = '';
  for (let i = from; i < to; i++) {
    const line = Math.floor(i / 3);
    let when: string;
    if (interleaved) {
      when = `2026-01-${pad2(1 + (line % days))}T${pad2(6 + (line % 12))}:${pad2((i % 3) * 20)}:00${zone}`;
    } else {
      const second = Math.floor(((i % perDay) * 86_400) / perDay);
      when = `2026-01-${pad2(1 + Math.floor(i / perDay))}T${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}${zone}`;
    }
    const bad = options.badEvery && i % options.badEvery === options.badEvery - 1;
    text += `EV-${i},S${1 + (line % sites)},SO-${line >> 2},${1 + (line % 4)},SKU-${line % 5000},${EVENT_TYPES[i % 3]},${bad ? 'many' : 1 + (line % 12)},${when},E-${line % 400}\n`;
  }
  return text;
}

/** The CSV text of data rows [from, to), header not included. */
function rowsText(from: number, to: number, options: GeneratedFeedOptions): string {
  const sites = options.sites ?? 4;
  const days = options.days ?? 28;
  let text = '';
  for (let i = from; i < to; i++) {
    const day = pad2(1 + (i % days));
    const hour = pad2(6 + (i % 12));
    const bad = options.badEvery && i % options.badEvery === options.badEvery - 1;
    text += `SH-${i},SO-${i >> 1},S${1 + (i % sites)},UPS,ground,2026-01-${day}T${hour}:15:00Z,2026-02-${day}T${hour}:15:00Z,2026-02-${day}T${hour}:00:00Z,delivered,${bad ? 'many' : 1 + (i % 40)},${i % 100}.${String(i % 1000).padStart(3, '0')},${i % 500}.${pad2(i % 100)},EUR\n`;
  }
  return text;
}

export async function* generatedCsv(options: GeneratedFeedOptions): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const events = options.feed === 'order_events';
  yield encoder.encode(`${(events ? orderEvents : shipments).columnNames.join(',')}\n`);
  const step = 8192;
  for (let from = 0; from < options.rows; from += step) {
    const to = Math.min(options.rows, from + step);
    yield encoder.encode(events ? orderEventRows(from, to, options) : rowsText(from, to, options));
  }
}

/** A read-only landing store holding one generated object under `key`. */
export function generatedLanding(key: string, options: GeneratedFeedOptions): ObjectStore {
  return {
    location: 'generated://',
    read(requested) {
      if (requested !== key) throw new ObjectNotFound(requested);
      return generatedCsv(options);
    },
    async stat(requested): Promise<ObjectInfo | undefined> {
      return requested === key ? { key, size: -1 } : undefined;
    },
    async *list(prefix) {
      if (key.startsWith(prefix)) yield { key, size: -1 };
    },
    write: async () => {
      throw new Error('the generated landing store is read-only');
    },
    delete: async () => {
      throw new Error('the generated landing store is read-only');
    },
    readVersioned: async () => undefined,
    writeIfUnchanged: async () => {
      throw new Error('the generated landing store is read-only');
    },
  };
}
