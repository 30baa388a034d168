/**
 * Parquet files of one schema → one file holding their row groups, copied byte for byte: the
 * pages are not decoded or re-encoded, so every value, encoding and statistic is the one written at
 * ingest; only the footer's offsets move. This is what compaction (core/partition-compaction.ts)
 * rewrites a partition's small files with, and how it drops one source's row groups again when
 * that source is corrected.
 *
 * Refused (thrown as NotConcatenable): files whose footers differ in anything but their row groups
 * (schema, key-value metadata, column order), and features whose bytes live outside the row groups'
 * column chunks — page indexes, bloom filters, encryption, external column chunks. opslake's writer
 * uses none of them.
 */
import { MAGIC } from './format.js';
import {
  decodeStruct,
  encodeStruct,
  fieldOf,
  setInteger,
  type ThriftList,
  type ThriftStruct,
  ThriftType,
} from './thrift-tree.js';

/** parquet.thrift field ids used here. */
const FileMetaData = { SCHEMA: 2, NUM_ROWS: 3, ROW_GROUPS: 4, ENCRYPTION: 8, SIGNING_KEY: 9 } as const;
const RowGroup = { COLUMNS: 1, NUM_ROWS: 3, FILE_OFFSET: 5, ORDINAL: 7 } as const;
const ColumnChunk = {
  FILE_PATH: 1,
  FILE_OFFSET: 2,
  META_DATA: 3,
  OFFSET_INDEX: 4,
  COLUMN_INDEX: 6,
  CRYPTO: 8,
} as const;
const ColumnMetaData = {
  TOTAL_COMPRESSED: 7,
  DATA_PAGE_OFFSET: 9,
  INDEX_PAGE_OFFSET: 10,
  DICTIONARY_PAGE_OFFSET: 11,
  BLOOM_FILTER: 14,
} as const;

/** Fields of a row group's column chunks that would point outside the bytes copied. */
const CHUNK_REFUSED = [ColumnChunk.FILE_PATH, ColumnChunk.OFFSET_INDEX, ColumnChunk.COLUMN_INDEX, ColumnChunk.CRYPTO];
const META_REFUSED = [ColumnMetaData.INDEX_PAGE_OFFSET, ColumnMetaData.BLOOM_FILTER];

export class NotConcatenable extends Error {
  constructor(why: string) {
    super(`cannot concatenate: ${why}`);
    this.name = 'NotConcatenable';
  }
}

/** One parsed file: its footer, and where each row group's bytes are. */
export interface ParquetLayoutOf {
  /** The footer without its row groups and row count: equal for files that can be concatenated. */
  readonly shape: string;
  /** Rows of each row group, in order. */
  readonly rowGroupRows: readonly number[];
}

interface ParsedFile {
  readonly bytes: Uint8Array;
  readonly footer: ThriftStruct;
  readonly groups: readonly { readonly struct: ThriftStruct; readonly start: number; readonly end: number }[];
  readonly shape: string;
}

const intOf = (struct: ThriftStruct, id: number): number | undefined => {
  const value = fieldOf(struct, id)?.value;
  return value === undefined ? undefined : Number(value as bigint | number);
};

const listOf = (struct: ThriftStruct, id: number): ThriftList => {
  const value = fieldOf(struct, id)?.value as ThriftList | undefined;
  if (value?.kind !== 'list') throw new NotConcatenable(`footer field ${id} is missing`);
  return value;
};

/** The byte range [start, end) of a row group's column chunks; they must be contiguous. */
function rowGroupRange(group: ThriftStruct, fileLength: number): { start: number; end: number } {
  const ranges = listOf(group, RowGroup.COLUMNS).items.map((item) => {
    const chunk = item as ThriftStruct;
    if (CHUNK_REFUSED.some((id) => fieldOf(chunk, id))) throw new NotConcatenable('a page index or external chunk');
    const meta = fieldOf(chunk, ColumnChunk.META_DATA)?.value as ThriftStruct | undefined;
    if (!meta) throw new NotConcatenable('a column chunk without metadata');
    if (META_REFUSED.some((id) => fieldOf(meta, id))) throw new NotConcatenable('an index page or bloom filter');
    const data = intOf(meta, ColumnMetaData.DATA_PAGE_OFFSET) ?? Number.NaN;
    const start = Math.min(data, intOf(meta, ColumnMetaData.DICTIONARY_PAGE_OFFSET) ?? data);
    return { start, end: start + (intOf(meta, ColumnMetaData.TOTAL_COMPRESSED) ?? Number.NaN) };
  });
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i] as { start: number }).start !== (ranges[i - 1] as { end: number }).end)
      throw new NotConcatenable('column chunks that are not contiguous');
  }
  const start = ranges[0]?.start ?? Number.NaN;
  const end = ranges.at(-1)?.end ?? Number.NaN;
  if (!(start >= MAGIC.length && end > start && end <= fileLength))
    throw new NotConcatenable('a row group out of range');
  return { start, end };
}

function parse(bytes: Uint8Array): ParsedFile {
  const length = bytes.length;
  const tail = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isMagic = (at: number) => MAGIC.every((b, i) => bytes[at + i] === b);
  if (length < 12 || !isMagic(0) || !isMagic(length - 4)) throw new NotConcatenable('not a Parquet file');
  const footerLength = tail.getUint32(length - 8, true);
  const footerStart = length - 8 - footerLength;
  if (footerStart < MAGIC.length) throw new NotConcatenable('a footer longer than the file');
  const { struct: footer } = decodeStruct(bytes.subarray(footerStart, length - 8));
  if (fieldOf(footer, FileMetaData.ENCRYPTION) || fieldOf(footer, FileMetaData.SIGNING_KEY))
    throw new NotConcatenable('an encrypted file');
  const groups = listOf(footer, FileMetaData.ROW_GROUPS).items.map((item) => {
    const struct = item as ThriftStruct;
    return { struct, ...rowGroupRange(struct, footerStart) };
  });
  const shapeStruct: ThriftStruct = {
    kind: 'struct',
    fields: footer.fields.filter((f) => f.id !== FileMetaData.NUM_ROWS && f.id !== FileMetaData.ROW_GROUPS),
  };
  return { bytes, footer, groups, shape: Buffer.from(encodeStruct(shapeStruct)).toString('base64') };
}

/** The shape and row groups of a Parquet file (throws NotConcatenable for what cannot be merged). */
export function parquetLayout(bytes: Uint8Array): ParquetLayoutOf {
  const parsed = parse(bytes);
  return { shape: parsed.shape, rowGroupRows: parsed.groups.map((g) => intOf(g.struct, RowGroup.NUM_ROWS) ?? 0) };
}

/** One input: a file's bytes and which of its row groups to keep (all when absent). */
export interface ParquetPiece {
  readonly bytes: Uint8Array;
  readonly rowGroups?: readonly number[];
}

/** Shifts every absolute file offset of a row group by `delta`. */
function shifted(group: ThriftStruct, delta: number, ordinal: number): ThriftStruct {
  const copy = decodeStruct(encodeStruct(group)).struct;
  const move = (struct: ThriftStruct, id: number) => {
    const at = intOf(struct, id);
    if (at !== undefined) setInteger(struct, id, ThriftType.I64, at + delta);
  };
  move(copy, RowGroup.FILE_OFFSET);
  if (fieldOf(copy, RowGroup.ORDINAL)) setInteger(copy, RowGroup.ORDINAL, ThriftType.I16, ordinal);
  for (const item of listOf(copy, RowGroup.COLUMNS).items) {
    const chunk = item as ThriftStruct;
    move(chunk, ColumnChunk.FILE_OFFSET);
    const meta = fieldOf(chunk, ColumnChunk.META_DATA)?.value as ThriftStruct;
    move(meta, ColumnMetaData.DATA_PAGE_OFFSET);
    move(meta, ColumnMetaData.DICTIONARY_PAGE_OFFSET);
  }
  return copy;
}

/**
 * The row groups of `pieces`, in order, in one file with the first piece's footer. Throws
 * NotConcatenable when the files' shapes differ or a file uses what cannot be copied.
 */
export function concatenateParquet(pieces: readonly ParquetPiece[]): Uint8Array {
  const files = pieces.map((piece) => ({ parsed: parse(piece.bytes), keep: piece.rowGroups }));
  const first = files[0]?.parsed;
  if (!first) throw new NotConcatenable('no files');
  const body: Uint8Array[] = [MAGIC];
  const groups: ThriftStruct[] = [];
  let offset = MAGIC.length;
  let rows = 0;
  for (const { parsed, keep } of files) {
    if (parsed.shape !== first.shape) throw new NotConcatenable('files of different schemas or metadata');
    const indices = keep ?? parsed.groups.map((_, i) => i);
    for (const index of indices) {
      const group = parsed.groups[index];
      if (!group) throw new NotConcatenable(`no row group ${index}`);
      body.push(parsed.bytes.subarray(group.start, group.end));
      groups.push(shifted(group.struct, offset - group.start, groups.length));
      rows += intOf(group.struct, RowGroup.NUM_ROWS) ?? 0;
      offset += group.end - group.start;
    }
  }
  const footer: ThriftStruct = { kind: 'struct', fields: first.footer.fields.map((f) => ({ ...f })) };
  setInteger(footer, FileMetaData.NUM_ROWS, ThriftType.I64, rows);
  const rowGroupsField = fieldOf(footer, FileMetaData.ROW_GROUPS);
  if (rowGroupsField)
    rowGroupsField.value = { kind: 'list', elementType: ThriftType.STRUCT, set: false, items: groups };
  const footerBytes = encodeStruct(footer);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footerBytes.length, true);
  tail.set(MAGIC, 4);
  return Buffer.concat([...body, footerBytes, tail]);
}
