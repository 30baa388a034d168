/**
 * What an Athena query cost, apart from the engine so that printing it does not load the AWS SDK
 * (a second of start-up for every local `opslake sql`).
 */
import type { QueryStats } from './engine.js';

/** Athena's on-demand price: US$5 per TB scanned, billed per MB with a 10 MB minimum per query. */
export const ATHENA_USD_PER_TB = 5;
const BYTES_PER_TB = 1024 ** 4;
const BILLING_INCREMENT_BYTES = 1024 ** 2;
const MINIMUM_BILLED_BYTES = 10 * BILLING_INCREMENT_BYTES;

/** The cost of one query at the on-demand price, as Athena bills it (rounded up per MB, 10 MB minimum). */
export function athenaCostUsd(bytesScanned: number): number {
  if (bytesScanned <= 0) return 0;
  const billed = Math.max(
    MINIMUM_BILLED_BYTES,
    Math.ceil(bytesScanned / BILLING_INCREMENT_BYTES) * BILLING_INCREMENT_BYTES,
  );
  return (billed / BYTES_PER_TB) * ATHENA_USD_PER_TB;
}

const formatBytes = (bytes: number) => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${units[unit]}`;
};

/** "Athena: 5 row(s), 3.00 GiB scanned ≈ US$0.0146 at $5/TB (query …)": printed after each query. */
export function describeAthenaStats(stats: QueryStats): string {
  const bytes = stats.bytesScanned ?? 0;
  const cost = athenaCostUsd(bytes);
  return `Athena: ${stats.rows.toLocaleString('en')} row(s), ${formatBytes(bytes)} scanned ≈ US$${cost.toFixed(4)} at $${ATHENA_USD_PER_TB}/TB (query ${stats.queryId ?? '?'})`;
}
