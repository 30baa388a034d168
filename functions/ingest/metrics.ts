/**
 * The ingest's CloudWatch metrics, written as Embedded Metric Format by Powertools Metrics: one
 * set of figures per file, once with the feed as a dimension (freshness alarms, per-feed dashboards)
 * and once without (the quarantine-rate alarm over every feed). The infra alarms and dashboard
 * import these names, so a renamed metric cannot leave an alarm watching nothing.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type IngestOutcome, PUBLISHED_OUTCOMES } from '../../schemas/audit.js';
import type { AuditRecord } from '../core/audit.js';

export const INGEST_METRICS_NAMESPACE = 'opslake';
export const INGEST_SERVICE_NAME = 'opslake-ingest';
/** Powertools adds this dimension to every metric, with the service name as its value. */
export const SERVICE_DIMENSION = 'service';
export const FEED_DIMENSION = 'feed';

export const IngestMetric = {
  rowsIn: 'RowsIn',
  rowsValid: 'RowsValid',
  rowsRejected: 'RowsRejected',
  durationMs: 'IngestDuration',
  /** A delivery that stands: loaded, partly loaded, replayed, or content already in the lake. */
  filesLoaded: 'FilesLoaded',
  filesRejected: 'FilesRejected',
} as const;

const DELIVERED: ReadonlySet<IngestOutcome> = new Set<IngestOutcome>([...PUBLISHED_OUTCOMES, 'duplicate']);

/** Records one ingest attempt's figures and flushes them (twice: per feed, then across feeds). */
export function recordIngestMetrics(metrics: Metrics, result: AuditRecord): void {
  for (const feed of result.feed === null ? [undefined] : [result.feed, undefined]) {
    if (feed !== undefined) metrics.addDimension(FEED_DIMENSION, feed);
    metrics.addMetric(IngestMetric.rowsIn, MetricUnit.Count, result.rows_in);
    metrics.addMetric(IngestMetric.rowsValid, MetricUnit.Count, result.rows_valid);
    metrics.addMetric(IngestMetric.rowsRejected, MetricUnit.Count, result.rows_rejected);
    metrics.addMetric(IngestMetric.durationMs, MetricUnit.Milliseconds, result.duration_ms);
    metrics.addMetric(IngestMetric.filesLoaded, MetricUnit.Count, DELIVERED.has(result.outcome) ? 1 : 0);
    metrics.addMetric(IngestMetric.filesRejected, MetricUnit.Count, result.outcome === 'rejected' ? 1 : 0);
    metrics.publishStoredMetrics();
  }
}
