/** Data and dictionary pages: zstd bodies behind thrift page headers, and RLE/bit-packed runs. */
import type { ByteSink } from './byte-sink.js';
import { Encoding, PageType } from './format.js';
import { CompactWriter } from './thrift-compact.js';
import { zstd } from './zstd.js';

/** Writes pages for one column chunk: header and zstd body, one after the other, into `parts`. */
export class PageWriter {
  readonly parts: Uint8Array[] = [];
  compressedBytes = 0;
  uncompressedBytes = 0;
  constructor(
    private readonly values: ByteSink,
    /** Scratch for a page whose definition levels go before its values. */
    private readonly body: ByteSink,
  ) {}

  dictionaryPage(entries: number): number {
    return this.emit(PageType.DICTIONARY_PAGE, this.values.bytes.subarray(0, this.values.length), (h) =>
      h.struct(7, (d) => d.i32(1, entries).i32(2, Encoding.PLAIN)),
    );
  }

  /**
   * A data page of `rows` rows: definition levels from `present` (bits, LSB first; undefined for
   * a required column), then the values already in the value sink.
   */
  dataPage(rows: number, encoding: number, present: Uint8Array | undefined, presentCount: number): void {
    const detail = (h: CompactWriter) =>
      h.struct(5, (d) => d.i32(1, rows).i32(2, encoding).i32(3, Encoding.RLE).i32(4, Encoding.RLE));
    if (!present) {
      this.emit(PageType.DATA_PAGE, this.values.bytes.subarray(0, this.values.length), detail);
      return;
    }
    const body = this.body;
    body.length = 0;
    {
      const lengthAt = body.length;
      body.int32(0);
      if (presentCount === rows) {
        body.varint(rows << 1);
        body.reserve(1)[body.length++] = 1;
      } else {
        const groups = Math.ceil(rows / 8);
        body.varint((groups << 1) | 1);
        body.append(present, 0, groups);
      }
      const levels = body.length - lengthAt - 4;
      const bytes = body.bytes;
      bytes[lengthAt] = levels;
      bytes[lengthAt + 1] = levels >>> 8;
      bytes[lengthAt + 2] = levels >>> 16;
      bytes[lengthAt + 3] = levels >>> 24;
    }
    body.append(this.values.bytes, 0, this.values.length);
    this.emit(PageType.DATA_PAGE, body.bytes.subarray(0, body.length), detail);
  }

  /** Compresses `page`, writes its header; returns header + body bytes. */
  private emit(type: number, page: Uint8Array, detail: (h: CompactWriter) => void): number {
    const compressed = zstd(page);
    const header = new CompactWriter().i32(1, type).i32(2, page.length).i32(3, compressed.length);
    detail(header);
    const headerBytes = header.finish();
    this.parts.push(headerBytes, compressed);
    this.compressedBytes += headerBytes.length + compressed.length;
    this.uncompressedBytes += headerBytes.length + page.length;
    return headerBytes.length + compressed.length;
  }
}

/** Bit width of dictionary indices below `entries` (at least 1, which every reader takes). */
export function bitWidth(entries: number): number {
  let width = 1;
  while (1 << width < entries) width++;
  return width;
}

/** Dictionary indices `[from, to)` as RLE_DICTIONARY page values: bit width, then one hybrid run. */
export function encodeIndices(sink: ByteSink, indices: Uint8Array, from: number, to: number, entries: number): void {
  const width = bitWidth(entries);
  sink.reserve(1)[sink.length++] = width;
  const count = to - from;
  if (entries === 1) {
    // One RLE run of index 0.
    sink.varint(count << 1);
    sink.reserve(1)[sink.length++] = 0;
    return;
  }
  const groups = Math.ceil(count / 8);
  sink.varint((groups << 1) | 1);
  const bytes = sink.reserve(groups * width);
  let at = sink.length;
  let buffer = 0;
  let bits = 0;
  for (let k = from; k < from + groups * 8; k++) {
    buffer |= (k < to ? (indices[k] as number) : 0) << bits;
    bits += width;
    while (bits >= 8) {
      bytes[at++] = buffer & 0xff;
      buffer >>>= 8;
      bits -= 8;
    }
  }
  sink.length = at;
}
