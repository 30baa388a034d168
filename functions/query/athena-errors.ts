/** Athena's ways of saying no, turned into messages that say what happened and what to do. */
import type { QueryExecution } from '@aws-sdk/client-athena';

export function isAccessDenied(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const message = (error as Error | undefined)?.message ?? '';
  return /AccessDenied/i.test(name) || /access denied|not authorized/i.test(message);
}

const SCAN_CUTOFF = /bytes scanned limit was exceeded/i;
const ACCESS_DENIED = /access denied|not authorized|insufficient permissions/i;

/** The message for a query that ended FAILED or CANCELLED. */
export function athenaFailure(id: string, workgroup: string, execution: QueryExecution | undefined): string {
  const status = execution?.Status;
  const reason = status?.AthenaError?.ErrorMessage ?? status?.StateChangeReason ?? 'no reason given';
  const scanned = execution?.Statistics?.DataScannedInBytes;
  if (SCAN_CUTOFF.test(reason)) {
    return (
      `Athena stopped query ${id}: it passed workgroup "${workgroup}"'s per-query data scanned limit` +
      `${scanned ? ` after ${scanned.toLocaleString('en')} bytes` : ''}. ` +
      'Filter on the partition columns (dates, site) to scan less, or use a workgroup with a higher limit (--workgroup).'
    );
  }
  if (ACCESS_DENIED.test(reason)) {
    return (
      `Athena query ${id} was denied access: ${reason}. ` +
      `The role running it needs read access to the Glue database, the tables' S3 data and workgroup "${workgroup}"'s result bucket.`
    );
  }
  if (status?.State === 'CANCELLED') return `Athena query ${id} was cancelled: ${reason}`;
  return `Athena query ${id} failed: ${reason}`;
}
