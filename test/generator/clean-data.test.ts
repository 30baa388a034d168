/**
 * Generated data is valid data: every file of a small run (2 sites × 7 days, CSV and NDJSON)
 * passes its contract through the real ingest core, with no row rejected and no warning. Feeds
 * whose events are rare (returns, safety incidents) are checked on a longer run of just those feeds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../functions/core/ingest.js';
import { type GenerateOptions, generateOperations } from '../../functions/generator/operations.js';
import { contracts } from '../../schemas/index.js';
import { ingestAll, tempWorkspace, type Workspace } from './support.js';

const RARE_FEEDS = ['wms/returns', 'wfm/safety_incidents'];

const workspaces: Workspace[] = [];
afterAll(async () => {
  for (const ws of workspaces) await ws.dispose();
});

async function generateAndIngest(options: GenerateOptions) {
  const ws = await tempWorkspace('opslake-gen-');
  workspaces.push(ws);
  const generated = await generateOperations(ws.buckets.landing, options);
  return { generated, results: await ingestAll(ws) };
}

function problemsOf(results: Map<string, IngestResult>) {
  return [...results.values()]
    .filter((r) => r.outcome !== 'loaded' || r.rows_rejected > 0 || r.warnings !== null)
    .map((r) => ({ file: r.source_key, outcome: r.outcome, reason: r.reason, first: r.rejections[0] }));
}

describe.each(['csv', 'ndjson'] as const)('generated %s feeds', (format) => {
  it('load through ingest with zero rejections', async () => {
    const { generated, results } = await generateAndIngest({ sites: 2, days: 7, seed: 7, format });
    expect(results.size).toBe(generated.files);
    expect(problemsOf(results)).toEqual([]);
    const loadedRows = [...results.values()].reduce((sum, r) => sum + r.rows_valid, 0);
    expect(loadedRows).toBe(generated.rows);
    for (const contract of contracts) {
      if (RARE_FEEDS.includes(contract.id)) continue;
      expect(generated.rowsByFeed[contract.id] ?? 0, contract.id).toBeGreaterThan(0);
    }
  });
});

it('rare events (returns, safety incidents) load cleanly too', async () => {
  const { generated, results } = await generateAndIngest({ sites: 3, days: 90, seed: 7, feeds: RARE_FEEDS });
  expect(problemsOf(results)).toEqual([]);
  for (const feed of RARE_FEEDS) expect(generated.rowsByFeed[feed] ?? 0, feed).toBeGreaterThan(0);
  expect(Object.keys(generated.rowsByFeed).sort()).toEqual([...RARE_FEEDS].sort());
});
