/**
 * A shipments feed generated on the fly as a byte stream, never stored: a landing ObjectStore whose
 * one object is `rows` rows of valid CSV (every `badEvery`-th row with a bad `units` value), so a
 * multi-gigabyte file can be ingested without the disk or the test holding it.
 */

import type { ObjectInfo, ObjectStore } from '../../functions/core/storage/port.js';
import { ObjectNotFound } from '../../functions/core/storage/port.js';
import { shipments } from '../../schemas/tms.js';

export interface GeneratedFeedOptions {
  readonly rows: number;
  /** Every n-th data row carries an invalid value (0 = none). */
  readonly badEvery?: number;
  readonly sites?: number;
  readonly days?: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

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
  yield encoder.encode(`${shipments.columnNames.join(',')}\n`);
  const step = 8192;
  for (let from = 0; from < options.rows; from += step) {
    yield encoder.encode(rowsText(from, Math.min(options.rows, from + step), options));
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
  };
}
