/**
 * `--defects`: every defect the generator injects is caught by the real ingest core exactly as its
 * manifest says (the named row, column and rule; a rejected file; a duplicate; a warning; or a clean
 * load), none is missed, and no clean row or file is touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../functions/core/ingest.js';
import { readAll } from '../../functions/core/storage/port.js';
import { type Defect, injectDefects, MANIFEST_KEY } from '../../functions/generator/defects.js';
import { generateOperations } from '../../functions/generator/operations.js';
import { ingestAll, tempWorkspace, type Workspace } from './support.js';

let ws: Workspace;
let defects: Defect[];
let results: Map<string, IngestResult>;

beforeAll(async () => {
  ws = await tempWorkspace('opslake-defects-');
  const generated = await generateOperations(ws.buckets.landing, { sites: 2, days: 7, seed: 11 });
  defects = await injectDefects(ws.buckets.landing, generated.keys, { seed: 11 });
  results = await ingestAll(ws);
}, 120_000);

afterAll(async () => {
  await ws.dispose();
});

describe('injected defects', () => {
  it('cover every kind of bad input, and the manifest on disk is the one returned', async () => {
    const kinds = new Set(defects.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(
      [
        'wrong_type',
        'missing_required',
        'out_of_range',
        'impossible_date',
        'bad_enum',
        'cross_field',
        'duplicate_key',
        'field_count',
        'missing_column',
        'duplicated_file',
        'late_file',
        'header_order',
        'bom',
        'crlf',
        'extra_column',
      ].sort(),
    );
    const manifest = JSON.parse(Buffer.from(await readAll(ws.buckets.landing, MANIFEST_KEY)).toString('utf8'));
    expect(manifest.defects).toEqual(defects);
  });

  it('are each caught as the manifest expects', () => {
    for (const defect of defects) {
      const result = results.get(defect.file);
      expect(result, `${defect.kind} in ${defect.file} was never ingested`).toBeDefined();
      if (!result) continue;
      const where = `${defect.kind} in ${defect.file}`;
      switch (defect.expected) {
        case 'rejected_row':
          expect(result.outcome, where).toBe('partial');
          expect(
            result.rejections.map((r) => ({ row: r.row, column: r.column, rule: r.rule })),
            where,
          ).toContainEqual({ row: defect.row, column: defect.column, rule: defect.rule });
          break;
        case 'rejected_file':
          expect(result.outcome, where).toBe('rejected');
          expect(result.reason, where).toContain(`${defect.rule}:`);
          expect(result.reason, where).toContain(defect.column ?? '');
          break;
        case 'duplicate':
          expect(result.outcome, where).toBe('duplicate');
          break;
        case 'warning':
          expect(result.outcome, where).toBe('loaded');
          expect(result.warnings ?? '', where).toContain(defect.column ?? '');
          break;
        case 'loaded':
          expect(result.outcome, where).toBe('loaded');
          expect(result.rows_rejected, where).toBe(0);
          expect(result.rows_valid, where).toBeGreaterThan(0);
          break;
      }
    }
  });

  it('reject no clean row and touch no clean file', () => {
    const expectedRows = new Set(defects.filter((d) => d.expected === 'rejected_row').map((d) => `${d.file}#${d.row}`));
    const defectFiles = new Set(defects.map((d) => d.file));
    for (const result of results.values()) {
      expect(result.rows_in).toBe(result.rows_valid + result.rows_rejected);
      for (const rejection of result.rejections) {
        expect(expectedRows, `unexpected rejection ${JSON.stringify(rejection)}`).toContain(
          `${result.source_key}#${rejection.row}`,
        );
      }
      if (!defectFiles.has(result.source_key)) {
        expect({ file: result.source_key, outcome: result.outcome, warnings: result.warnings }).toEqual({
          file: result.source_key,
          outcome: 'loaded',
          warnings: null,
        });
      }
    }
  });
});
