/**
 * What every landed file shares before its rows are read: its format (CSV or NDJSON, optionally
 * gzip-compressed), its content hash, and the matching of its columns to the contract by name
 * (trimmed, case-insensitive), so column order in the file does not matter. CSV is scanned by
 * csv-reader.ts, NDJSON lines by ndjson-reader.ts; both formats' records are decoded by
 * column-decoder.ts.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DEFAULT_MAX_RECORD_BYTES, type FeedContract } from '../../schemas/contract.js';
import { recordTooLong } from './csv-reader.js';
import { FileRejection } from './errors.js';

export type FileFormat = 'csv' | 'ndjson';

export interface HeaderReport {
  /** Columns in the file that the contract does not know; they are dropped with a warning. */
  readonly extraColumns: string[];
  /** Optional contract columns the file does not carry; they load as null. */
  readonly missingOptional: string[];
}

export function detectFormat(key: string): { format: FileFormat; gzip: boolean } {
  const lower = key.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  if (base.endsWith('.csv') || base.endsWith('.txt')) return { format: 'csv', gzip };
  if (base.endsWith('.ndjson') || base.endsWith('.jsonl') || base.endsWith('.json')) return { format: 'ndjson', gzip };
  throw new FileRejection(
    'unknown_format',
    `cannot tell the format of "${key}": expected .csv, .ndjson or .jsonl (optionally .gz)`,
  );
}

/** Counts bytes and hashes the delivered (still compressed) bytes as they stream past. */
export class HashingTap {
  readonly hash = createHash('sha256');
  bytes = 0;

  async *tap(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      yield chunk;
    }
  }
}

async function* gunzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const stream = Readable.from(chunks).pipe(createGunzip());
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new FileRejection('gzip', `the gzip stream is corrupt or truncated: ${(error as Error).message}`);
  }
}

const normalise = (name: string) => name.trim().toLowerCase();

/** Maps header names to contract columns; rejects the file when a required column is missing. */
export function matchHeader(contract: FeedContract, header: string[]): { indexOf: Map<string, number> } & HeaderReport {
  const indexOf = new Map<string, number>();
  const extraColumns: string[] = [];
  const known = new Map(contract.columnNames.map((c) => [normalise(c), c]));
  header.forEach((name, i) => {
    const column = known.get(normalise(name));
    if (column === undefined) {
      extraColumns.push(name);
    } else if (indexOf.has(column)) {
      throw new FileRejection('duplicate_column', `column "${name}" appears twice in the header`);
    } else {
      indexOf.set(column, i);
    }
  });
  const missing = contract.columnNames.filter((c) => !indexOf.has(c));
  const missingRequired = missing.filter((c) => contract.columns[c]?.required);
  if (missingRequired.length > 0) {
    const only = header.length === 1 ? (header[0] ?? '') : '';
    const hint = /[;\t|]/.test(only) ? ` — the header looks delimited by "${/[;\t|]/.exec(only)?.[0]}", not ","` : '';
    throw new FileRejection(
      'missing_column',
      `required column(s) missing from the header: ${missingRequired.join(', ')}${hint}`,
    );
  }
  return { indexOf, extraColumns, missingOptional: missing };
}

/**
 * The lines of a UTF-8 stream, without their `\n`; invalid UTF-8 rejects the file, and so does a
 * line past `maxRecordBytes` (measured in UTF-16 units, never more than its bytes), before the
 * unfinished line is joined and split again with every chunk.
 */
export async function* lines(
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let row = 0;
  try {
    for await (const chunk of bytes) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        if (part.length > maxRecordBytes) throw recordTooLong(row + 1, maxRecordBytes);
        row++;
        yield part;
      }
      if (rest.length > maxRecordBytes) throw recordTooLong(row + 1, maxRecordBytes);
    }
    rest += decoder.decode();
  } catch (error) {
    if (error instanceof TypeError)
      throw new FileRejection('not_utf8', 'the file is not valid UTF-8; re-export it as UTF-8');
    throw error;
  }
  if (rest !== '') yield rest;
}

/** A landed file's format and its bytes, decompressed when it is gzipped. */
export function plainBytes(
  key: string,
  bytes: AsyncIterable<Uint8Array>,
): { format: FileFormat; bytes: AsyncIterable<Uint8Array> } {
  const { format, gzip } = detectFormat(key);
  return { format, bytes: gzip ? gunzip(bytes) : bytes };
}
