/**
 * The lake's prefixes are spelled once, in schemas/lake-layout.ts: no other source file under
 * functions/, infra/ or schemas/ opens a string with one of them. A rename there then reaches core,
 * the IAM grants, the lifecycle rules and codegen alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LAKE_PREFIXES,
  partitionLedgerKey,
  partitionOfLedgerKey,
  quarantineReasonKey,
  rawPartitionKey,
  SITES_PREFIX,
  sourceLedgerKey,
} from '../../schemas/lake-layout.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const LAYOUT = 'schemas/lake-layout.ts';

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [relative(root, join(root, path))] : [];
  });
}

/** The code of a file without its comments (prose may name a prefix). */
const code = (file: string) =>
  readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

const literal = new RegExp(`['"\`](${LAKE_PREFIXES.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})`);

describe('the lake layout', () => {
  it('is the only place a lake prefix is spelled out', () => {
    const files = ['functions', 'infra', 'schemas'].flatMap(sources).filter((f) => f !== LAYOUT);
    expect(files.length).toBeGreaterThan(30);
    const spelled = files.filter((f) => literal.test(code(f)));
    expect(spelled).toEqual([]);
  });

  it('builds the keys the lake has always used', () => {
    const feed = { system: 'tms', feed: 'shipments' };
    expect(rawPartitionKey(feed, 'S 1', '2026-01-02', 'abc')).toBe(
      'raw/tms/shipments/site=S%201/dt=2026-01-02/abc.parquet',
    );
    expect(SITES_PREFIX).toBe('raw/reference/sites/');
    expect(sourceLedgerKey('tms/shipments/a b.csv')).toBe('_ledger/source/tms%2Fshipments%2Fa%20b.csv.json');
    expect(quarantineReasonKey('tms/shipments/f.csv')).toBe('files/tms/shipments/f.csv.reason.json');
    // A name too long for a file system's 255-byte limit once encoded gets a hashed ledger id.
    const long = `tms/shipments/${'x'.repeat(240)}.csv`;
    expect(sourceLedgerKey(long)).toMatch(/^_ledger\/source\/~[0-9a-f]{64}\.json$/);
    expect(sourceLedgerKey(long)).not.toBe(sourceLedgerKey(`${long}x`));
  });

  it("names a partition's compaction entry, and reads the partition back from that name", () => {
    const partition = 'raw/tms/shipments/site=S%201/dt=2026-01-02/';
    const key = partitionLedgerKey(partition);
    expect(key).toBe('_ledger/partition/tms/shipments/site=S%201/dt=2026-01-02.json');
    expect(partitionOfLedgerKey(key)).toBe(partition);
    expect(partitionOfLedgerKey('_ledger/partition/tms/shipments/site=S1/dt=2026-01-02.txt')).toBeUndefined();
    expect(partitionOfLedgerKey('_ledger/source/tms%2Fshipments%2Fa.csv.json')).toBeUndefined();
  });
});
