/** Synthetic audit records for the audit-log tests (compaction locally, on moto, in the Lambda bundle). */
import type { AuditRecord } from '../../functions/core/audit.js';

const MICROS_PER_DAY = 86_400_000_000;
/** 2026-01-10, the first day the records fall on. */
export const AUDIT_DAY_1 = Date.UTC(2026, 0, 10) * 1000;

/**
 * A synthetic audit record; `n` makes it unique and varies its outcome (loaded, partial, rejected
 * with no feed), `day` (0, 1, …) picks its partition.
 */
export function syntheticAuditRecord(n: number, day: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    ingest_id: `20260110T0800${String(n).padStart(5, '0')}Z-${String(n).padStart(8, '0')}`,
    source_key: `tms/shipments/S${n % 2}_2026-01-${String(10 + day).padStart(2, '0')}.csv`,
    feed: n % 3 === 0 ? null : 'tms/shipments',
    contract_version: n % 3 === 0 ? null : '1.0.0',
    bytes: 1000 + n,
    content_hash: n % 3 === 0 ? null : `${n}`.padStart(64, 'a'),
    rows_in: 10 + n,
    rows_valid: 10 + n - (n % 2),
    rows_rejected: n % 2,
    outcome: n % 3 === 0 ? 'rejected' : n % 2 ? 'partial' : 'loaded',
    reason: n % 3 === 0 ? 'no contract for this key' : null,
    replay_of: n === 2 ? syntheticAuditRecord(1, 0).ingest_id : null,
    warnings: n % 4 === 0 ? 'dropped extra column "note"' : null,
    output_files: n % 3 === 0 ? 0 : 1,
    // Sub-millisecond digits: a compacted file must keep every microsecond.
    started_at: AUDIT_DAY_1 + day * MICROS_PER_DAY + n * 3_600_000_123,
    duration_ms: 5 + n,
    ...overrides,
  };
}
