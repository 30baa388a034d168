/**
 * Shipments only, for the end-to-end spine: the tms/shipments files of the full operations
 * generator (see operations.ts), so the spine and the full demo see the same shipments.
 */
import type { ObjectStore } from '../core/storage/port.js';
import { generateOperations } from './operations.js';

export interface SpineOptions {
  readonly sites: number;
  readonly days: number;
  readonly seed: number;
  readonly start?: string;
}

/** Writes `tms/shipments/<site>_<day>.csv` files; returns how many. */
export async function generateShipments(landing: ObjectStore, options: SpineOptions): Promise<number> {
  const result = await generateOperations(landing, { ...options, feeds: ['tms/shipments'] });
  return result.files;
}
