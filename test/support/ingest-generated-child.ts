/**
 * Child process for memory-bound tests and the bench: ingests a generated (never stored) shipments
 * feed into a local lake and prints the audit record as JSON on stdout.
 * Usage: ingest-generated-child.ts <lake home> <rows> [badEvery] [keyCapacity]
 */
import { ingestFile } from '../../functions/core/ingest.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';
import { generatedLanding } from './generated-feed.js';

const [home, rowsArg, badArg, keyCapacityArg] = process.argv.slice(2);
if (!home || !rowsArg) throw new Error('usage: ingest-generated-child.ts <home> <rows> [badEvery]');
const key = 'tms/shipments/generated.csv';
const buckets = localBuckets(home);
const result = await ingestFile({
  buckets: { ...buckets, landing: generatedLanding(key, { rows: Number(rowsArg), badEvery: Number(badArg ?? 0) }) },
  key,
  keyCapacity: keyCapacityArg ? Number(keyCapacityArg) : undefined,
});
const { rejections, ...audit } = result;
process.stdout.write(`${JSON.stringify({ ...audit, first_rejection: rejections[0] ?? null })}\n`);
