/**
 * Bad and awkward input, one case per test: each checks the outcome, that nothing is lost
 * (rows in = valid + rejected, and every rejected row is in quarantine with file, row, column, rule
 * and value), and what readers of the lake see.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IngestResult, ingestFile } from '../../functions/core/ingest.js';
import { readEntry } from '../../functions/core/ledger.js';
import { readAll } from '../../functions/core/storage/port.js';
import { shipments } from '../../schemas/tms.js';
import {
  csv,
  duckdb,
  keys,
  lakeShipments,
  put,
  quarantinedRows,
  SHIPMENT_COLUMNS,
  shipment,
  type TempWorkspace,
  tempWorkspace,
} from '../support/ingest-fixtures.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.dispose();
});

async function ingest(key: string, body: string | Uint8Array): Promise<IngestResult> {
  await put(ws.buckets.landing, key, body);
  return ingestFile({ buckets: ws.buckets, key });
}

/** Nothing lost: the counts add up and quarantine holds one record per rejected row issue. */
async function expectConserved(result: IngestResult): Promise<void> {
  expect(result.rows_in).toBe(result.rows_valid + result.rows_rejected);
  if (result.outcome === 'rejected') return;
  const lake = await lakeShipments(ws.buckets.lake.root).catch(() => []);
  expect(lake.length).toBe(result.rows_valid);
  const rejectedRows = new Set((await quarantinedRows(ws.buckets)).map((r) => r.row));
  expect(rejectedRows.size).toBe(result.rows_rejected);
}

async function wholeFileQuarantined(key: string, rule: string): Promise<void> {
  expect(await keys(ws.buckets.quarantine, 'files/')).toEqual([`files/${key}`, `files/${key}.reason.json`].sort());
  const reason = JSON.parse(Buffer.from(await readAll(ws.buckets.quarantine, `files/${key}.reason.json`)).toString());
  expect(reason.rule).toBe(rule);
  expect(await keys(ws.buckets.lake, 'raw/')).toEqual([]);
  expect(await keys(ws.buckets.lake, '_staging/')).toEqual([]);
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => shipment(i));

describe('whole-file problems', () => {
  it('zero-byte file: rejected, quarantined, no retry needed', async () => {
    const result = await ingest('tms/shipments/empty.csv', '');
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/^empty_file: .*0 bytes/);
    await wholeFileQuarantined('tms/shipments/empty.csv', 'empty_file');
  });

  it('object deleted before it could be read: audited as missing, skipped, no retry', async () => {
    const result = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/gone.csv' });
    expect(result.outcome).toBe('missing');
    expect(result.reason).toMatch(/gone\.csv was deleted before it could be read/);
    expect(await keys(ws.buckets.lake, 'audit/')).toHaveLength(1);
    expect(await keys(ws.buckets.quarantine)).toEqual([]);
  });

  it('header only: an empty, successful batch', async () => {
    const result = await ingest('tms/shipments/header.csv', csv([]));
    expect(result.outcome).toBe('loaded');
    expect(result.rows_in).toBe(0);
    expect(result.output_files).toBe(0);
    expect(await keys(ws.buckets.quarantine)).toEqual([]);
  });

  it('unterminated quote: rejected whole with the row where the quote opened', async () => {
    const text = `${csv(rows(2))}SH-9,SO-9,S1,"UPS,ground,2026-01-01T08:00:00Z\n`;
    const result = await ingest('tms/shipments/quote.csv', text);
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/csv_quote: row 4: .*unterminated/);
    await wholeFileQuarantined('tms/shipments/quote.csv', 'csv_quote');
  });

  it('wrong delimiter: rejected with a hint naming the delimiter', async () => {
    const text = csv(rows(2)).replaceAll(',', ';');
    const result = await ingest('tms/shipments/semicolon.csv', text);
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/missing_column: .*shipment_id.*delimited by ";"/);
    await wholeFileQuarantined('tms/shipments/semicolon.csv', 'missing_column');
  });

  it('Latin-1 bytes: rejected as not UTF-8, never decoded to U+FFFD', async () => {
    const text = csv([shipment(1, { carrier_id: 'CAF\u00c9' })]);
    const latin1 = Buffer.from(text, 'latin1');
    const result = await ingest('tms/shipments/latin1.csv', latin1);
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/^not_utf8: .*UTF-8/);
    await wholeFileQuarantined('tms/shipments/latin1.csv', 'not_utf8');
    // The quarantined copy is byte-identical to what was delivered.
    expect(Buffer.from(await readAll(ws.buckets.quarantine, 'files/tms/shipments/latin1.csv')).equals(latin1)).toBe(
      true,
    );
  });

  it('missing required column: rejected, naming the column', async () => {
    const columns = SHIPMENT_COLUMNS.filter((c) => c !== 'units');
    const result = await ingest('tms/shipments/nounits.csv', csv(rows(3), columns));
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/missing_column: required column\(s\) missing from the header: units$/);
    await wholeFileQuarantined('tms/shipments/nounits.csv', 'missing_column');
  });

  it('truncated gzip: rejected whole, nothing published', async () => {
    const zipped = gzipSync(csv(rows(500)));
    const result = await ingest('tms/shipments/cut.csv.gz', zipped.subarray(0, Math.floor(zipped.length / 2)));
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/^gzip: /);
    await wholeFileQuarantined('tms/shipments/cut.csv.gz', 'gzip');
  });

  it('an intact gzip file loads like the plain one', async () => {
    const result = await ingest('tms/shipments/ok.csv.gz', gzipSync(csv(rows(5))));
    expect(result.outcome).toBe('loaded');
    expect(result.rows_valid).toBe(5);
    await expectConserved(result);
  });
});

describe('idempotency', () => {
  it('the same file delivered twice: the same rows once', async () => {
    const first = await ingest('tms/shipments/a.csv', csv(rows(6)));
    const second = await ingestFile({ buckets: ws.buckets, key: 'tms/shipments/a.csv' });
    expect(first.outcome).toBe('loaded');
    expect(second.outcome).toBe('duplicate');
    expect(second.content_hash).toBe(first.content_hash);
    expect((await lakeShipments(ws.buckets.lake.root)).length).toBe(6);
  });

  it('the same rows in a differently named file: skipped as duplicate content', async () => {
    await ingest('tms/shipments/a.csv', csv(rows(4)));
    const renamed = await ingest('tms/shipments/renamed copy.csv', csv(rows(4)));
    expect(renamed.outcome).toBe('duplicate');
    expect(renamed.reason).toContain('tms/shipments/a.csv');
    expect((await lakeShipments(ws.buckets.lake.root)).length).toBe(4);
  });

  it('a corrected file under the same name replaces the earlier batch', async () => {
    await ingest('tms/shipments/a.csv', csv(rows(4)));
    const corrected = await ingest('tms/shipments/a.csv', csv(rows(3)));
    expect(corrected.outcome).toBe('loaded');
    expect(corrected.warnings).toMatch(/replaced \d+ output file/);
    expect((await lakeShipments(ws.buckets.lake.root)).map((r) => r.shipment_id)).toEqual(['SH-0', 'SH-1', 'SH-2']);
  });

  it('two ingests of the same file at once: no duplicates, a consistent ledger', async () => {
    await put(ws.buckets.landing, 'tms/shipments/race.csv', csv(rows(8)));
    const results = await Promise.all([
      ingestFile({ buckets: ws.buckets, key: 'tms/shipments/race.csv' }),
      ingestFile({ buckets: ws.buckets, key: 'tms/shipments/race.csv' }),
    ]);
    // One load, one duplicate: never `loaded` twice in the audit.
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'loaded']);
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(lake.map((r) => r.shipment_id)).toEqual(
      rows(8)
        .map((r) => r.shipment_id)
        .sort(),
    );
    const ledger = await keys(ws.buckets.lake, '_ledger/');
    expect(ledger).toHaveLength(2);
    const { entry } = await readEntry(ws.buckets.lake, 'tms/shipments/race.csv');
    expect(entry.committed?.outputs.length).toBeGreaterThan(0);
    for (const output of entry.committed?.outputs ?? []) expect(await ws.buckets.lake.stat(output)).toBeDefined();
    expect(await keys(ws.buckets.lake, '_staging/')).toEqual([]);
  });
});

describe('encodings and layout', () => {
  it('BOM: stripped, the first column still matches', async () => {
    const result = await ingest('tms/shipments/bom.csv', `\uFEFF${csv(rows(3))}`);
    expect(result.outcome).toBe('loaded');
    expect((await lakeShipments(ws.buckets.lake.root)).map((r) => r.shipment_id)).toEqual(['SH-0', 'SH-1', 'SH-2']);
  });

  it('CRLF line ends: no carriage return leaks into values', async () => {
    const result = await ingest('tms/shipments/crlf.csv', csv(rows(3), SHIPMENT_COLUMNS, '\r\n'));
    expect(result.outcome).toBe('loaded');
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(lake.map((r) => r.currency)).toEqual(['EUR', 'EUR', 'EUR']);
  });

  it('quoted fields with commas, quotes and newlines load verbatim', async () => {
    const name = 'Fast "&" Co, Ltd\r\nLogistik Zürich 東京 🚚';
    const text = `carrier_id,site_id,carrier_name,mode,contracted_on_time_target,valid_from\nUPS,S1,"${name.replaceAll('"', '""')}",parcel,0.95,2026-01-01\n`;
    const result = await ingest('tms/carriers/quoted.csv', text);
    expect(result.outcome).toBe('loaded');
    const [row] = await duckdb(
      `select carrier_name from read_parquet('${ws.buckets.lake.root}/raw/tms/carriers/**/*.parquet')`,
    );
    expect(row?.carrier_name).toBe(name);
  });

  it('extra column: dropped with a warning, values never shifted', async () => {
    const columns = [...SHIPMENT_COLUMNS.slice(0, 3), 'driver_note', ...SHIPMENT_COLUMNS.slice(3)];
    const data = rows(2).map((r) => ({ ...r, driver_note: 'left at door' }));
    const result = await ingest('tms/shipments/extra.csv', csv(data, columns));
    expect(result.outcome).toBe('loaded');
    expect(result.warnings).toBe(`dropped column(s) not in contract tms/shipments@${shipments.version}: driver_note`);
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(Object.keys(lake[0] ?? {})).not.toContain('driver_note');
    expect(lake.map((r) => r.carrier_id)).toEqual(['UPS', 'UPS']);
  });

  it('missing optional column: loads as null', async () => {
    const columns = SHIPMENT_COLUMNS.filter((c) => c !== 'delivered_at');
    const data = rows(2).map((r) => ({ ...r, status: 'in_transit' }));
    const result = await ingest('tms/shipments/nodelivery.csv', csv(data, columns));
    expect(result.outcome).toBe('loaded');
    expect((await lakeShipments(ws.buckets.lake.root)).map((r) => r.delivered_at)).toEqual([null, null]);
  });

  it('reordered columns: matched by name', async () => {
    const columns = [...SHIPMENT_COLUMNS].reverse();
    const result = await ingest('tms/shipments/reversed.csv', csv([shipment(7)], columns));
    expect(result.outcome).toBe('loaded');
    const [row] = await lakeShipments(ws.buckets.lake.root);
    expect(row?.shipment_id).toBe('SH-7');
    expect(row?.units).toBe(17n);
    expect(row?.freight_cost).toBe(107.25);
  });

  it('NDJSON: same contract, same lake rows', async () => {
    const text = rows(3)
      .map((r) => JSON.stringify(r))
      .join('\n');
    const result = await ingest('tms/shipments/feed.ndjson', `${text}\n`);
    expect(result.outcome).toBe('loaded');
    expect(result.rows_valid).toBe(3);
    await expectConserved(result);
  });

  it('NDJSON with a broken line: that line rejected with its number, the rest loaded', async () => {
    const lines = rows(3).map((r) => JSON.stringify(r));
    lines[1] = '{"shipment_id": "SH-1", ';
    const result = await ingest('tms/shipments/broken.ndjson', lines.join('\n'));
    expect(result.outcome).toBe('partial');
    expect(result.rejections).toMatchObject([{ row: 2, rule: 'json', file: 'tms/shipments/broken.ndjson' }]);
    await expectConserved(result);
  });
});

describe('row-level problems: row rejected with file, row, column, rule and value', () => {
  const cases: { name: string; cells: Record<string, string>; column: string; rule: RegExp; value: string }[] = [
    { name: 'wrong type', cells: { units: '1,234' }, column: 'units', rule: /./, value: '1,234' },
    { name: 'N/A in a number', cells: { freight_cost: 'N/A' }, column: 'freight_cost', rule: /./, value: 'N/A' },
    { name: 'empty required value', cells: { carrier_id: '' }, column: 'carrier_id', rule: /^required$/, value: '' },
    {
      name: 'out-of-range date (no rollover)',
      cells: { shipped_at: '2026-02-30T08:00:00Z' },
      column: 'shipped_at',
      rule: /./,
      value: '2026-02-30T08:00:00Z',
    },
    { name: 'negative quantity', cells: { units: '-3' }, column: 'units', rule: /./, value: '-3' },
    { name: 'unknown enum value', cells: { status: 'lost' }, column: 'status', rule: /./, value: 'lost' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const data = rows(3);
      data[1] = { ...(data[1] as Record<string, string>), ...c.cells };
      const result = await ingest('tms/shipments/bad.csv', csv(data));
      expect(result.outcome).toBe('partial');
      expect(result.rows_in).toBe(3);
      expect(result.rows_valid).toBe(2);
      const quarantined = await quarantinedRows(ws.buckets);
      expect(quarantined).toHaveLength(1);
      const [rejection] = quarantined;
      expect(rejection).toMatchObject({
        file: 'tms/shipments/bad.csv',
        row: 3,
        column: c.column,
        feed: 'tms/shipments',
      });
      expect(String(rejection?.rule)).toMatch(c.rule);
      expect(rejection?.value ?? '').toBe(c.value);
      expect(String(rejection?.message).length).toBeGreaterThan(5);
      await expectConserved(result);
    });
  }

  it('truncated last line: that row rejected for its field count, the others loaded', async () => {
    const text = csv(rows(3));
    const cut = text.slice(0, text.lastIndexOf(',', text.length - 20));
    const result = await ingest('tms/shipments/truncated.csv', cut);
    expect(result.outcome).toBe('partial');
    expect(result.rejections).toMatchObject([{ row: 4, rule: 'field_count', column: null }]);
    expect(result.rejections[0]?.message).toMatch(/expected 13 fields .* found \d+/);
    await expectConserved(result);
  });

  it('duplicate primary key inside a file: the first occurrence kept, the repeat rejected', async () => {
    const data = [...rows(3), shipment(1, { units: '99' })];
    const result = await ingest('tms/shipments/dupe.csv', csv(data));
    expect(result.outcome).toBe('partial');
    expect(result.rejections).toMatchObject([
      { row: 5, rule: 'duplicate_primary_key', column: 'shipment_id', value: 'SH-1' },
    ]);
    expect(result.rejections[0]?.message).toContain('already seen at row 3');
    const lake = await lakeShipments(ws.buckets.lake.root);
    expect(lake.find((r) => r.shipment_id === 'SH-1')?.units).toBe(11n);
    await expectConserved(result);
  });

  it('a cross-field rule names its rule and column', async () => {
    const data = [shipment(1, { delivered_at: '2025-12-01T00:00:00Z' })];
    const result = await ingest('tms/shipments/rule.csv', csv(data));
    expect(result.rejections).toMatchObject([{ column: 'delivered_at', rule: 'delivered_not_before_shipped' }]);
    await expectConserved(result);
  });
});
