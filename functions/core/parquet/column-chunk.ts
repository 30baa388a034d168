/** One column chunk of a row group → its pages, encodings and statistics. */
import type * as arrow from 'apache-arrow';
import { type ByteSink, isValid, setBits, wordBytes } from './byte-sink.js';
import { type ColumnPlan, ValueLayout } from './column-plan.js';
import { buildDictionary, type Dictionary } from './dictionary.js';
import { Encoding } from './format.js';
import { encodeIndices, PageWriter } from './pages.js';
import { type Statistics, statisticsOf } from './statistics.js';

/** A data page is cut when its values reach this many bytes (before compression)… */
const PAGE_BYTES = 1 << 20;
/** …or this many rows. */
const PAGE_ROWS = 131_072;

export interface EncodedChunk {
  readonly parts: Uint8Array[];
  readonly dictionaryPageBytes: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  readonly rows: number;
  readonly encodings: number[];
  readonly statistics: Statistics;
}

export function encodeColumnChunk(
  plan: ColumnPlan,
  chunks: arrow.Data[],
  values: ByteSink,
  body: ByteSink,
): EncodedChunk {
  let rows = 0;
  let nullCount = 0;
  for (const data of chunks) {
    rows += data.length;
    nullCount += plan.nullable ? data.nullCount : 0;
  }
  const dictionary = buildDictionary(plan, chunks, rows - nullCount);
  const statistics = statisticsOf(plan, chunks, nullCount, dictionary);
  const pages = new PageWriter(values, body);
  const dictionaryPageBytes = dictionary ? writeDictionaryPage(plan, dictionary, values, pages) : 0;
  const cutter = new PageCutter(plan, values, pages, dictionary);
  for (const data of chunks) cutter.add(data);
  cutter.flush();
  return {
    parts: pages.parts,
    dictionaryPageBytes,
    compressedBytes: pages.compressedBytes,
    uncompressedBytes: pages.uncompressedBytes,
    rows,
    encodings: dictionary ? [Encoding.PLAIN, Encoding.RLE, Encoding.RLE_DICTIONARY] : [Encoding.PLAIN, Encoding.RLE],
    statistics,
  };
}

/** The dictionary's entries as one PLAIN page (text entries length-prefixed); returns its bytes. */
function writeDictionaryPage(plan: ColumnPlan, dictionary: Dictionary, values: ByteSink, pages: PageWriter): number {
  values.length = 0;
  for (const entry of dictionary.entries) {
    if (plan.layout === ValueLayout.text) values.int32(entry.length);
    values.append(entry, 0, entry.length);
  }
  return pages.dictionaryPage(dictionary.entries.length);
}

/**
 * Fills a column chunk's data pages from its Arrow chunks and cuts a page when it reaches
 * PAGE_BYTES of values or its row limit. Values go in whole spans where a chunk allows it (no
 * nulls: length-prefixed text, dictionary indices, contiguous PLAIN words) and one by one
 * otherwise.
 */
class PageCutter {
  private readonly rowLimit: number;
  /** Definition levels of the page being filled, as bits; undefined for a required column. */
  private readonly present: Uint8Array | undefined;
  private pageRows = 0;
  private pagePresent = 0;
  /** Dictionary indices of the page: [pageFirstIndex, nextIndex). */
  private pageFirstIndex = 0;
  private nextIndex = 0;
  /** A boolean column's bits not yet a whole byte. */
  private bitValue = 0;
  private bitCount = 0;

  constructor(
    private readonly plan: ColumnPlan,
    private readonly values: ByteSink,
    private readonly pages: PageWriter,
    private readonly dictionary: Dictionary | undefined,
  ) {
    this.rowLimit =
      plan.layout === ValueLayout.words ? Math.min(PAGE_ROWS, Math.floor(PAGE_BYTES / plan.width)) : PAGE_ROWS;
    this.present = plan.nullable ? new Uint8Array(Math.ceil(this.rowLimit / 8) + 1) : undefined;
    values.length = 0;
  }

  add(data: arrow.Data): void {
    const plan = this.plan;
    const checkNulls = plan.nullable && data.nullCount > 0;
    if (!checkNulls && !this.dictionary && plan.layout === ValueLayout.text) {
      this.textSpans(data);
      return;
    }
    const words =
      plan.layout === ValueLayout.words || plan.layout === ValueLayout.decimal
        ? wordBytes(data)
        : (data.values as Uint8Array);
    const size = plan.stride * 4;
    if (!checkNulls && (this.dictionary || (plan.layout === ValueLayout.words && plan.width === size))) {
      this.denseSpans(data, words, size);
    } else {
      this.oneByOne(data, checkNulls, words, size);
    }
  }

  /** Writes the page being filled, if it holds a row. */
  flush(): void {
    if (this.pageRows === 0) return;
    const values = this.values;
    const dictionary = this.dictionary;
    if (dictionary) {
      values.length = 0;
      encodeIndices(values, dictionary.indices, this.pageFirstIndex, this.nextIndex, dictionary.entries.length);
      this.pageFirstIndex = this.nextIndex;
    } else if (this.plan.layout === ValueLayout.bits && this.bitCount > 0) {
      values.reserve(1)[values.length++] = this.bitValue;
    }
    const encoding = dictionary ? Encoding.RLE_DICTIONARY : Encoding.PLAIN;
    this.pages.dataPage(this.pageRows, encoding, this.present, this.pagePresent);
    if (this.present) this.present.fill(0);
    this.pageRows = 0;
    this.pagePresent = 0;
    this.bitValue = 0;
    this.bitCount = 0;
    values.length = 0;
  }

  /** No nulls, PLAIN text: length-prefixed values in spans that fill the page, reserved at once. */
  private textSpans(data: arrow.Data): void {
    const offsets = data.valueOffsets as Int32Array;
    const text = data.values as Uint8Array;
    const values = this.values;
    let i = 0;
    while (i < data.length) {
      let span = Math.min(data.length - i, this.rowLimit - this.pageRows);
      const budget = PAGE_BYTES - values.length;
      const spanBytes = (k: number) => (offsets[i + k] as number) - (offsets[i] as number) + 4 * k;
      if (spanBytes(span) > budget) {
        let lo = 1;
        let hi = span;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (spanBytes(mid) <= budget) lo = mid;
          else hi = mid - 1;
        }
        span = lo;
      }
      const out = values.reserve(spanBytes(span));
      let at = values.length;
      for (let r = i; r < i + span; r++) {
        const s = offsets[r] as number;
        const e = offsets[r + 1] as number;
        const length = e - s;
        out[at] = length;
        out[at + 1] = length >>> 8;
        out[at + 2] = length >>> 16;
        out[at + 3] = length >>> 24;
        at += 4;
        if (length <= 32) for (let k = s; k < e; k++) out[at++] = text[k] as number;
        else {
          out.set(text.subarray(s, e), at);
          at += length;
        }
      }
      values.length = at;
      this.spanAdded(span);
      i += span;
      if (this.pageRows === this.rowLimit || values.length >= PAGE_BYTES) this.flush();
    }
  }

  /** No nulls, and values either dictionary indices or contiguous PLAIN bytes: whole spans at once. */
  private denseSpans(data: arrow.Data, words: Uint8Array, size: number): void {
    let i = 0;
    while (i < data.length) {
      const span = Math.min(data.length - i, this.rowLimit - this.pageRows);
      if (this.dictionary) this.nextIndex += span;
      else this.values.append(words, i * size, (i + span) * size);
      this.spanAdded(span);
      i += span;
      if (this.pageRows === this.rowLimit) this.flush();
    }
  }

  /** `span` rows, all present, have been added to the page. */
  private spanAdded(span: number): void {
    if (this.present) setBits(this.present, this.pageRows, span);
    this.pageRows += span;
    this.pagePresent += span;
  }

  /** Nulls to check, or values to reshape (decimals byte-swapped, booleans bit-packed): value by value. */
  private oneByOne(data: arrow.Data, checkNulls: boolean, words: Uint8Array, size: number): void {
    const plan = this.plan;
    const values = this.values;
    const present = this.present;
    const offsets = data.valueOffsets as Int32Array;
    const text = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      const valid = !checkNulls || isValid(data, i);
      const row = this.pageRows;
      if (present && valid) present[row >> 3] = (present[row >> 3] as number) | (1 << (row & 7));
      this.pageRows++;
      if (valid) {
        this.pagePresent++;
        if (this.dictionary) this.nextIndex++;
        else if (plan.layout === ValueLayout.text) {
          const s = offsets[i] as number;
          const e = offsets[i + 1] as number;
          values.int32(e - s);
          values.append(text, s, e);
        } else if (plan.layout === ValueLayout.words) {
          values.append(words, i * size, i * size + plan.width);
        } else if (plan.layout === ValueLayout.decimal) {
          const bytes = values.reserve(plan.width);
          const top = i * size + plan.width - 1;
          for (let b = 0; b < plan.width; b++) bytes[values.length + b] = words[top - b] as number;
          values.length += plan.width;
        } else {
          this.addBit(text, data.offset + i);
        }
      }
      if (this.pageRows === this.rowLimit || values.length >= PAGE_BYTES) this.flush();
    }
  }

  private addBit(bits: Uint8Array, bit: number): void {
    this.bitValue |= (((bits[bit >> 3] as number) >> (bit & 7)) & 1) << this.bitCount;
    if (++this.bitCount === 8) {
      this.values.reserve(1)[this.values.length++] = this.bitValue;
      this.bitValue = 0;
      this.bitCount = 0;
    }
  }
}
