/**
 * Rejected rows → quarantine, in bounded memory: the reasons are written out in NDJSON parts as
 * they accumulate (staged, like lake parts, until the content hash names them), and only the first
 * `reportLimit` are kept in memory for the caller's summary. The line's members are
 * QUARANTINE_ROW_COLUMNS (schemas/quarantine.ts).
 */
import { createHash } from 'node:crypto';
import type { FeedContract } from '../../schemas/contract.js';
import { partName, quarantineRowsKey as quarantineRowsKeyOf } from '../../schemas/lake-layout.js';
import { moveObject, type ObjectStore } from './storage/port.js';

export interface RejectedRow {
  readonly file: string;
  readonly row: number;
  readonly column: string | null;
  readonly rule: string;
  readonly message: string;
  readonly value: string | null;
  /** The row's site id, when the row could be read that far. */
  readonly site?: string | null;
}

const PART_LINES = 50_000;
export const DEFAULT_REPORT_LIMIT = 10_000;

export function quarantineRowsKey(contract: FeedContract, contentHash: string, part = 0): string {
  return quarantineRowsKeyOf(contract, partName(contentHash, part));
}

export class QuarantineRows {
  /** The first rejections, for summaries; the quarantine holds all of them. */
  readonly reported: RejectedRow[] = [];
  count = 0;
  private lines: string[] = [];
  private readonly staged: string[] = [];
  /** Which rows failed which rules, in order: tells a replay that changed the reasons from a duplicate. */
  private readonly reasons = createHash('sha256');

  constructor(
    private readonly store: ObjectStore,
    private readonly stagingPrefix: string,
    private readonly tags: { feed: string; ingest_id: string; ingested_at: string },
    private readonly reportLimit = DEFAULT_REPORT_LIMIT,
  ) {}

  /** Records a rejection; true when a part is full and `spill` should be awaited. */
  add(rejection: RejectedRow): boolean {
    this.count++;
    this.reasons.update(`${rejection.row}\t${rejection.column ?? ''}\t${rejection.rule}\n`);
    if (this.reported.length < this.reportLimit) this.reported.push(rejection);
    this.lines.push(JSON.stringify({ ...rejection, ...this.tags }));
    return this.lines.length >= PART_LINES;
  }

  /** A digest of every (row, column, rule) rejected so far. */
  digest(): string {
    return this.reasons.copy().digest('hex');
  }

  /** Writes the buffered reasons out as a staged part. */
  async spill(): Promise<void> {
    const key = `${this.stagingPrefix}/rows-${this.staged.length}.ndjson`;
    await this.store.write(key, this.drain());
    this.staged.push(key);
  }

  private drain(): string {
    const body = `${this.lines.join('\n')}\n`;
    this.lines = [];
    return body;
  }

  /** The keys `publish` will write, known before any is (for the ledger's intent). */
  outputKeys(contract: FeedContract, name: string): string[] {
    const parts = this.staged.length + (this.lines.length > 0 ? 1 : 0);
    return Array.from({ length: parts }, (_, part) => quarantineRowsKey(contract, name, part));
  }

  /** Moves the staged parts and writes the rest under keys named by the content; returns the keys. */
  async publish(contract: FeedContract, contentHash: string): Promise<string[]> {
    const published: string[] = [];
    for (const staged of this.staged) {
      const key = quarantineRowsKey(contract, contentHash, published.length);
      await moveObject(this.store, staged, key);
      published.push(key);
    }
    if (this.lines.length > 0) {
      const key = quarantineRowsKey(contract, contentHash, published.length);
      await this.store.write(key, this.drain());
      published.push(key);
    }
    return published;
  }

  async discard(): Promise<void> {
    for (const key of this.staged) await this.store.delete(key);
    this.lines = [];
  }
}
