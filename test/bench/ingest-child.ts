/**
 * The ingest bench's measuring process: opslake ingests one landed CSV, then DuckDB converts the
 * same CSV to zstd Parquet on one thread — both timed here, in the same process, after their
 * modules are loaded. Peak RSS is read per phase: opslake's is the process's peak (DuckDB is not
 * loaded yet); for DuckDB the high-water mark is reset (/proc/self/clear_refs) and its figure is
 * the peak's growth over the RSS the process already held.
 * Usage: ingest-child.js <home> <landing key> [<site master key>]; prints one JSON line. A site
 * master (for zone-less times) is ingested first, untimed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../../functions/core/ingest.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';

const [home, key, sitesKey] = process.argv.slice(2);
if (!home || !key) throw new Error('usage: ingest-child <home> <landing key> [<site master key>]');

const statusMiB = (field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
const resetPeakRss = () => writeFileSync('/proc/self/clear_refs', '5');

if (sitesKey) await ingestFile({ buckets: localBuckets(home), key: sitesKey });
const started = performance.now();
const { rejections: _, ...audit } = await ingestFile({ buckets: localBuckets(home), key });
const opslakeSeconds = (performance.now() - started) / 1000;
const opslakePeakRss = statusMiB('VmHWM');

resetPeakRss();
const heldBeforeDuckdb = statusMiB('VmRSS');
const { DuckDBInstance } = await import('@duckdb/node-api');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run('SET threads = 1');
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const csv = join(home, 'landing', key);
const duckdbStarted = performance.now();
await connection.run(
  `COPY (FROM read_csv(${quote(csv)})) TO ${quote(join(home, 'duckdb.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
);
const duckdbSeconds = (performance.now() - duckdbStarted) / 1000;
const duckdbPeakRssGrowth = statusMiB('VmHWM') - heldBeforeDuckdb;
connection.closeSync();
instance.closeSync();

process.stdout.write(
  `${JSON.stringify({ audit, opslakeSeconds, opslakePeakRss, duckdbSeconds, duckdbPeakRssGrowth })}\n`,
);
