/**
 * The streaming RFC 4180 reader, fed whole and in every chunking down to one byte per chunk, so
 * chunk boundaries inside quotes, doubled quotes, CRLF pairs and multi-byte characters are covered.
 */
import { describe, expect, it } from 'vitest';
import { type CsvRecord, readCsv } from '../../functions/core/csv-reader.js';
import { FileRejection } from '../../functions/core/errors.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(text: string | Uint8Array, size = Number.MAX_SAFE_INTEGER): Promise<CsvRecord[]> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const records: CsvRecord[] = [];
  for await (const record of readCsv(chunked(bytes, size))) records.push(record);
  return records;
}

/** Parses with every chunk size from 1 byte up to `max` and checks all agree with `expected`. */
async function expectAllChunkings(text: string, expected: CsvRecord[], max = 7): Promise<void> {
  for (let size = 1; size <= max; size++) expect(await parse(text, size), `chunk size ${size}`).toEqual(expected);
  expect(await parse(text)).toEqual(expected);
}

describe('readCsv', () => {
  it('plain records with LF, numbered like spreadsheet rows', async () => {
    await expectAllChunkings('a,b\n1,2\n3,4\n', [
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
      { row: 3, fields: ['3', '4'] },
    ]);
  });

  it('CRLF, with the pair split across chunks', async () => {
    await expectAllChunkings('a,b\r\n1,2\r\n', [
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
    ]);
  });

  it('quoted fields: delimiter, doubled quotes and newlines inside; rows count physical records', async () => {
    await expectAllChunkings('id,note\n1,"a, ""b""\r\nc"\n2,""\n3,"x"\n', [
      { row: 1, fields: ['id', 'note'] },
      { row: 2, fields: ['1', 'a, "b"\r\nc'] },
      { row: 3, fields: ['2', ''] },
      { row: 4, fields: ['3', 'x'] },
    ]);
  });

  it('a doubled quote split exactly at a chunk boundary', async () => {
    const text = 'x\n"ab""cd"\n';
    for (let cut = 1; cut < text.length; cut++) {
      const bytes = new TextEncoder().encode(text);
      async function* two() {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      }
      const records: CsvRecord[] = [];
      for await (const r of readCsv(two())) records.push(r);
      expect(records, `cut at ${cut}`).toEqual([
        { row: 1, fields: ['x'] },
        { row: 2, fields: ['ab"cd'] },
      ]);
    }
  });

  it('the last record without a trailing newline, and a trailing empty field', async () => {
    await expectAllChunkings('a,b\n1,', [
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', ''] },
    ]);
  });

  it('blank lines are skipped, not records of one empty field', async () => {
    await expectAllChunkings('a\n\n1\n\n', [
      { row: 1, fields: ['a'] },
      { row: 3, fields: ['1'] },
    ]);
  });

  it('a UTF-8 BOM is stripped; multi-byte characters survive any chunking', async () => {
    await expectAllChunkings('\uFEFFname\nZürich 東京 🚚\n', [
      { row: 1, fields: ['name'] },
      { row: 2, fields: ['Zürich 東京 🚚'] },
    ]);
  });

  it('rejects bytes that are not UTF-8, naming the byte offset', async () => {
    const latin1 = Uint8Array.from([0x61, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a]);
    await expect(parse(latin1)).rejects.toThrow(FileRejection);
    // 0xe9 (é in Latin-1) is byte 5, whether the input arrives whole or a byte at a time.
    await expect(parse(latin1)).rejects.toThrow(/not valid UTF-8 \(at byte 5\)/);
    await expect(parse(latin1, 1)).rejects.toThrow(/not valid UTF-8 \(at byte 5\)/);
  });

  it('rejects an unterminated quote, naming the row where it opened', async () => {
    await expect(parse('a,b\n1,2\n3,"open\n4,5\n', 3)).rejects.toThrow(/row 3: a quoted field is never closed/);
  });

  it('rejects characters after a closing quote', async () => {
    await expect(parse('a\n"x"y\n')).rejects.toThrow(/row 2: characters after a closing quote/);
  });

  it('another delimiter when asked', async () => {
    const records: CsvRecord[] = [];
    for await (const r of readCsv(chunked(new TextEncoder().encode('a;b\n1;"2;3"\n'), 2), ';')) records.push(r);
    expect(records).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2;3'] },
    ]);
  });
});
