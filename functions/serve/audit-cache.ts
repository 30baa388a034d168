/**
 * The audit log, read once and again only when it changes: a new attempt adds a file under
 * `<lake>/audit/ingest_files/dt=<day>/`, which changes that directory's mtime, and a rebuild
 * changes the warehouse file's (as does `opslake compact`). Reading it costs seconds while it is
 * one small Parquet file per attempt (before compaction), so it runs on its own engine and never
 * holds up the KPI reads.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_PREFIX } from '../../schemas/audit.js';
import { type AuditAttempt, loadAudit } from '../kpis/index.js';
import type { QueryEngine } from '../query/engine.js';
import { Serial } from './serial.js';

export class AuditCache {
  private current: { fingerprint: string; attempts: Promise<AuditAttempt[]> } | null = null;
  /** One read at a time: a new build's engine replaces the old only between reads. */
  private readonly turns = new Serial();

  constructor(
    private readonly engine: () => Promise<QueryEngine>,
    private readonly lakeDir: string,
    private readonly warehouse: string,
  ) {}

  private fingerprint(): string {
    const dir = join(this.lakeDir, ...AUDIT_PREFIX.split('/').filter(Boolean));
    const parts = [existsSync(this.warehouse) ? statSync(this.warehouse).mtimeMs : 0];
    if (existsSync(dir)) {
      for (const day of readdirSync(dir).sort()) parts.push(statSync(join(dir, day)).mtimeMs);
    }
    return parts.join(',');
  }

  attempts(): Promise<AuditAttempt[]> {
    const fingerprint = this.fingerprint();
    if (!this.current || this.current.fingerprint !== fingerprint) {
      const attempts = this.turns.run(async () => loadAudit(await this.engine()));
      attempts.catch(() => {
        if (this.current?.attempts === attempts) this.current = null;
      });
      this.current = { fingerprint, attempts };
    }
    return this.current.attempts;
  }
}
