/**
 * Apache Thrift's compact protocol read into a tree of numbered fields and written back byte for
 * byte: what concatenating Parquet files needs from their footers (concatenate.ts) — change a few
 * offsets, keep every other field, statistics bytes included, exactly as its writer wrote it.
 * Decoding to named objects (hyparquet's `parquetMetadata`) converts statistics to values and
 * drops fields it does not know, so a footer rebuilt from it would not be the footer read.
 *
 * Maps are refused: no Parquet footer or page header field is a map.
 */

/** Compact protocol type codes, as they appear in field headers and list headers. */
export const ThriftType = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** A value of the tree: integers as bigint (i64 reaches past 2^53), binaries as their bytes. */
export type ThriftValue = bigint | boolean | number | Uint8Array | ThriftList | ThriftStruct;

export interface ThriftList {
  readonly kind: 'list';
  /** ThriftType of the elements (booleans in lists are TRUE). */
  readonly elementType: number;
  readonly set: boolean;
  readonly items: ThriftValue[];
}

export interface ThriftField {
  readonly id: number;
  /** ThriftType as written (TRUE or FALSE for a boolean field). */
  readonly type: number;
  value: ThriftValue;
}

export interface ThriftStruct {
  readonly kind: 'struct';
  readonly fields: ThriftField[];
}

/** Nesting deeper than this is no Parquet footer: refused instead of recursing over it. */
const MAX_DEPTH = 64;

class Reader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('thrift: truncated');
    return this.bytes[this.at++] as number;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('thrift: varint too long');
    }
  }

  zigzag(): bigint {
    const v = this.varint();
    return (v >> 1n) ^ -(v & 1n);
  }

  take(length: number): Uint8Array {
    if (this.at + length > this.bytes.length) throw new Error('thrift: truncated');
    const out = this.bytes.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }
}

function readValue(r: Reader, type: number, depth: number): ThriftValue {
  if (depth > MAX_DEPTH) throw new Error('thrift: nested too deep');
  switch (type) {
    case ThriftType.TRUE:
      return true;
    case ThriftType.FALSE:
      return false;
    case ThriftType.BYTE:
      return r.byte();
    case ThriftType.I16:
    case ThriftType.I32:
      return Number(r.zigzag());
    case ThriftType.I64:
      return r.zigzag();
    case ThriftType.DOUBLE:
      return r.take(8);
    case ThriftType.BINARY:
      return r.take(Number(r.varint()));
    case ThriftType.LIST:
    case ThriftType.SET:
      return readList(r, type === ThriftType.SET, depth);
    case ThriftType.STRUCT:
      return readStruct(r, depth + 1);
    default:
      throw new Error(`thrift: unsupported type ${type}`);
  }
}

function readList(r: Reader, set: boolean, depth: number): ThriftList {
  const header = r.byte();
  const elementType = header & 0x0f;
  const size = header >> 4 === 0x0f ? Number(r.varint()) : header >> 4;
  const items: ThriftValue[] = [];
  for (let i = 0; i < size; i++) {
    // A boolean element is one byte of its own: 1 true, 0 or 2 false.
    if (elementType === ThriftType.TRUE || elementType === ThriftType.FALSE) items.push(r.byte() === 1);
    else items.push(readValue(r, elementType, depth + 1));
  }
  return { kind: 'list', elementType, set, items };
}

function readStruct(r: Reader, depth: number): ThriftStruct {
  const fields: ThriftField[] = [];
  let last = 0;
  for (;;) {
    const header = r.byte();
    if (header === 0) return { kind: 'struct', fields };
    const type = header & 0x0f;
    const delta = header >> 4;
    const id = delta === 0 ? Number(r.zigzag()) : last + delta;
    if (type === ThriftType.MAP) throw new Error(`thrift: field ${id} is a map`);
    fields.push({ id, type, value: readValue(r, type, depth) });
    last = id;
  }
}

/** Reads one struct from `bytes` (a footer); `end` is where it stopped. */
export function decodeStruct(bytes: Uint8Array): { struct: ThriftStruct; end: number } {
  const reader = new Reader(bytes);
  const struct = readStruct(reader, 0);
  return { struct, end: reader.at };
}

class Writer {
  private readonly parts: number[] = [];
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  byte(b: number): void {
    this.parts.push(b);
  }

  varint(value: bigint): void {
    let v = value;
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  zigzag(value: bigint): void {
    this.varint(value >= 0n ? value << 1n : (-value << 1n) - 1n);
  }

  bytes(b: Uint8Array): void {
    this.flushParts();
    this.chunks.push(b);
    this.length += b.length;
  }

  finish(): Uint8Array {
    this.flushParts();
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private flushParts(): void {
    if (this.parts.length === 0) return;
    const chunk = Uint8Array.from(this.parts);
    this.parts.length = 0;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
}

const asBigInt = (value: ThriftValue): bigint => (typeof value === 'bigint' ? value : BigInt(value as number));

function writeValue(w: Writer, type: number, value: ThriftValue): void {
  switch (type) {
    case ThriftType.TRUE:
    case ThriftType.FALSE:
      break; // in the field header
    case ThriftType.BYTE:
      w.byte(value as number);
      break;
    case ThriftType.I16:
    case ThriftType.I32:
    case ThriftType.I64:
      w.zigzag(asBigInt(value));
      break;
    case ThriftType.DOUBLE:
      w.bytes(value as Uint8Array);
      break;
    case ThriftType.BINARY:
      w.varint(BigInt((value as Uint8Array).length));
      w.bytes(value as Uint8Array);
      break;
    case ThriftType.LIST:
    case ThriftType.SET:
      writeList(w, value as ThriftList);
      break;
    case ThriftType.STRUCT:
      writeStruct(w, value as ThriftStruct);
      break;
    default:
      throw new Error(`thrift: unsupported type ${type}`);
  }
}

function writeList(w: Writer, list: ThriftList): void {
  const size = list.items.length;
  if (size < 15) w.byte((size << 4) | list.elementType);
  else {
    w.byte(0xf0 | list.elementType);
    w.varint(BigInt(size));
  }
  const booleans = list.elementType === ThriftType.TRUE || list.elementType === ThriftType.FALSE;
  for (const item of list.items) {
    if (booleans) w.byte(item === true ? 1 : 2);
    else writeValue(w, list.elementType, item);
  }
}

function writeStruct(w: Writer, struct: ThriftStruct): void {
  let last = 0;
  for (const field of struct.fields) {
    const type =
      field.type === ThriftType.TRUE || field.type === ThriftType.FALSE
        ? field.value === true
          ? ThriftType.TRUE
          : ThriftType.FALSE
        : field.type;
    const delta = field.id - last;
    if (delta > 0 && delta <= 15) w.byte((delta << 4) | type);
    else {
      w.byte(type);
      w.zigzag(BigInt(field.id));
    }
    writeValue(w, type, field.value);
    last = field.id;
  }
  w.byte(0);
}

export function encodeStruct(struct: ThriftStruct): Uint8Array {
  const w = new Writer();
  writeStruct(w, struct);
  return w.finish();
}

/** The field `id` of a struct, or undefined. */
export const fieldOf = (struct: ThriftStruct, id: number): ThriftField | undefined =>
  struct.fields.find((f) => f.id === id);

/** Sets (or adds, in id order) an integer field. */
export function setInteger(struct: ThriftStruct, id: number, type: number, value: bigint | number): void {
  const existing = fieldOf(struct, id);
  const next = type === ThriftType.I64 ? BigInt(value) : Number(value);
  if (existing) {
    existing.value = next;
    return;
  }
  const at = struct.fields.findIndex((f) => f.id > id);
  const field: ThriftField = { id, type, value: next };
  if (at === -1) struct.fields.push(field);
  else struct.fields.splice(at, 0, field);
}
