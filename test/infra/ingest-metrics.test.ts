/** The ingest's EMF output: what the freshness and quarantine-rate alarms read. */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../functions/core/audit.js';
import {
  FEED_DIMENSION,
  INGEST_METRICS_NAMESPACE,
  INGEST_SERVICE_NAME,
  IngestMetric,
  recordIngestMetrics,
} from '../../functions/ingest/metrics.js';

const result = (overrides: Partial<AuditRecord>): AuditRecord => ({
  ingest_id: 'i-1',
  source_key: 'wms/picks/a.csv',
  feed: 'wms/picks',
  contract_version: '1.0.0',
  bytes: 100,
  content_hash: 'h',
  rows_in: 10,
  rows_valid: 7,
  rows_rejected: 3,
  outcome: 'partial',
  reason: null,
  replay_of: null,
  warnings: null,
  output_files: 1,
  started_at: 0,
  duration_ms: 42,
  ...overrides,
});

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

function emitted(record: AuditRecord): Emf[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    recordIngestMetrics(new Metrics({ namespace: INGEST_METRICS_NAMESPACE, serviceName: INGEST_SERVICE_NAME }), record);
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.includes('CloudWatchMetrics'))
    .map((line) => JSON.parse(line) as Emf);
}

describe('ingest metrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one EMF record per feed and one across feeds, with rows in / valid / rejected and duration', () => {
    const [perFeed, overall] = emitted(result({}));
    expect(perFeed?._aws.CloudWatchMetrics[0]?.Namespace).toBe(INGEST_METRICS_NAMESPACE);
    expect(perFeed?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(expect.arrayContaining([FEED_DIMENSION]));
    expect(perFeed?.[FEED_DIMENSION]).toBe('wms/picks');
    expect(overall?._aws.CloudWatchMetrics[0]?.Dimensions[0]).not.toContain(FEED_DIMENSION);
    for (const record of [perFeed, overall]) {
      expect(record?.[IngestMetric.rowsIn]).toBe(10);
      expect(record?.[IngestMetric.rowsValid]).toBe(7);
      expect(record?.[IngestMetric.rowsRejected]).toBe(3);
      expect(record?.[IngestMetric.durationMs]).toBe(42);
      expect(record?.[IngestMetric.filesLoaded]).toBe(1);
      expect(record?.[IngestMetric.filesRejected]).toBe(0);
      expect(record?.service).toBe(INGEST_SERVICE_NAME);
    }
  });

  it('counts a file rejected whole as rejected, not loaded', () => {
    const records = emitted(result({ outcome: 'rejected', rows_valid: 0, rows_rejected: 10 }));
    expect(records.map((r) => [r[IngestMetric.filesLoaded], r[IngestMetric.filesRejected]])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('counts a replayed file as loaded: its version stands in the lake', () => {
    const records = emitted(result({ outcome: 'replayed', replay_of: 'i-0', rows_valid: 10, rows_rejected: 0 }));
    expect(records.map((r) => [r[IngestMetric.filesLoaded], r[IngestMetric.filesRejected]])).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('writes only the across-feeds record when the feed is unknown', () => {
    const records = emitted(result({ feed: null, outcome: 'rejected' }));
    expect(records).toHaveLength(1);
    expect(records[0]?.[FEED_DIMENSION]).toBeUndefined();
  });
});
