/** One column chunk of a row group → its pages, encodings and statistics. */
import type * as arrow from 'apache-arrow';
import { type ByteSink, isValid, setBits, wordBytes } from './byte-sink.js';
import { type ColumnPlan, ValueLayout } from './column-plan.js';
import { buildDictionary } from './dictionary.js';
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
  let dictionaryPageBytes = 0;
  if (dictionary) {
    values.length = 0;
    for (const entry of dictionary.entries) {
      if (plan.layout === ValueLayout.text) values.int32(entry.length);
      values.append(entry, 0, entry.length);
    }
    dictionaryPageBytes = pages.dictionaryPage(dictionary.entries.length);
  }

  // Definition levels of the page being filled, as bits; undefined for a required column.
  const rowLimit =
    plan.layout === ValueLayout.words ? Math.min(PAGE_ROWS, Math.floor(PAGE_BYTES / plan.width)) : PAGE_ROWS;
  const present = plan.nullable ? new Uint8Array(Math.ceil(rowLimit / 8) + 1) : undefined;
  let pageRows = 0;
  let pagePresent = 0;
  let pageFirstIndex = 0;
  let nextIndex = 0;
  let bitValue = 0;
  let bitCount = 0;
  values.length = 0;
  const flush = () => {
    if (pageRows === 0) return;
    if (dictionary) {
      values.length = 0;
      encodeIndices(values, dictionary.indices, pageFirstIndex, nextIndex, dictionary.entries.length);
      pageFirstIndex = nextIndex;
    } else if (plan.layout === ValueLayout.bits && bitCount > 0) {
      values.reserve(1)[values.length++] = bitValue;
    }
    pages.dataPage(pageRows, dictionary ? Encoding.RLE_DICTIONARY : Encoding.PLAIN, present, pagePresent);
    if (present) present.fill(0);
    pageRows = 0;
    pagePresent = 0;
    bitValue = 0;
    bitCount = 0;
    values.length = 0;
  };

  for (const data of chunks) {
    const checkNulls = plan.nullable && data.nullCount > 0;
    const offsets = data.valueOffsets as Int32Array;
    const text = data.values as Uint8Array;
    const words = plan.layout === ValueLayout.words || plan.layout === ValueLayout.decimal ? wordBytes(data) : text;
    const size = plan.stride * 4;
    let i = 0;
    if (!checkNulls && !dictionary && plan.layout === ValueLayout.text) {
      // No nulls: length-prefixed values in spans that fill the page, reserved at once.
      while (i < data.length) {
        let span = Math.min(data.length - i, rowLimit - pageRows);
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
        if (present) setBits(present, pageRows, span);
        pageRows += span;
        pagePresent += span;
        i += span;
        if (pageRows === rowLimit || values.length >= PAGE_BYTES) flush();
      }
      continue;
    }
    if (!checkNulls && (dictionary || (plan.layout === ValueLayout.words && plan.width === size))) {
      // No nulls, and values either dictionary indices or contiguous PLAIN bytes: whole spans at once.
      while (i < data.length) {
        const span = Math.min(data.length - i, rowLimit - pageRows);
        if (present) setBits(present, pageRows, span);
        if (dictionary) nextIndex += span;
        else values.append(words, i * size, (i + span) * size);
        pageRows += span;
        pagePresent += span;
        i += span;
        if (pageRows === rowLimit) flush();
      }
      continue;
    }
    for (; i < data.length; i++) {
      const valid = !checkNulls || isValid(data, i);
      if (present && valid) present[pageRows >> 3] = (present[pageRows >> 3] as number) | (1 << (pageRows & 7));
      pageRows++;
      if (valid) {
        pagePresent++;
        if (dictionary) nextIndex++;
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
          const bit = data.offset + i;
          bitValue |= (((text[bit >> 3] as number) >> (bit & 7)) & 1) << bitCount;
          if (++bitCount === 8) {
            values.reserve(1)[values.length++] = bitValue;
            bitValue = 0;
            bitCount = 0;
          }
        }
      }
      if (pageRows === rowLimit || values.length >= PAGE_BYTES) flush();
    }
  }
  flush();
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
