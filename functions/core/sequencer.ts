/**
 * S3 event sequencers: for one object key, the event with the greater sequencer happened later.
 * They are hexadecimal strings of varying length, compared as numbers (the shorter one left-padded
 * with zeros), never as plain strings.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, '0');
  const right = b.toUpperCase().padStart(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when `candidate` is a valid sequencer (hex digits only). */
export const isSequencer = (candidate: unknown): candidate is string =>
  typeof candidate === 'string' && /^[0-9A-Fa-f]+$/.test(candidate);
