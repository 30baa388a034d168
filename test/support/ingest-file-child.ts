/**
 * Child process for the ingest bench: ingests one landed file of a local workspace and prints the
 * audit record as JSON. Usage: ingest-file-child.ts <home> <landing key>
 */
import { ingestFile } from '../../functions/core/ingest.js';
import { localBuckets } from '../../functions/core/storage/local-directory.js';

const [home, key] = process.argv.slice(2);
if (!home || !key) throw new Error('usage: ingest-file-child.ts <home> <landing key>');
const { rejections, ...audit } = await ingestFile({ buckets: localBuckets(home), key });
process.stdout.write(`${JSON.stringify({ ...audit, first_rejection: rejections[0] ?? null })}\n`);
