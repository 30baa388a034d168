/**
 * A writer of one struct in Apache Thrift's compact protocol, the encoding of Parquet's page headers and file
 * footer (parquet-format's parquet.thrift). Only what a writer needs: structs, lists, i32, i64,
 * booleans and binary. Field ids are written as deltas from the previous field of the same struct,
 * so fields must be written in ascending id order (the `Struct` scope checks it).
 */

const BOOLEAN_TRUE = 1;
const BOOLEAN_FALSE = 2;
const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

/** Element types of a list. */
export const ListOf = { i32: I32, binary: BINARY, struct: STRUCT } as const;

const encoder = new TextEncoder();

export class CompactWriter {
  private bytes = new Uint8Array(1024);
  private used = 0;
  /** The last field id written in each open struct; the top is the innermost. */
  private readonly lastField: number[] = [0];

  /** Ends the top-level struct; returns its bytes (a copy, so the writer can be dropped). */
  finish(): Uint8Array {
    if (this.lastField.length !== 1) throw new Error('thrift: a struct is still open');
    this.byte(0); // STOP
    return this.bytes.slice(0, this.used);
  }

  i32(id: number, value: number): this {
    this.field(id, I32);
    this.varint(zigzag(value));
    return this;
  }

  i64(id: number, value: number): this {
    this.field(id, I64);
    this.varint(zigzag(value));
    return this;
  }

  bool(id: number, value: boolean): this {
    this.field(id, value ? BOOLEAN_TRUE : BOOLEAN_FALSE);
    return this;
  }

  binary(id: number, value: Uint8Array | string): this {
    this.field(id, BINARY);
    this.binaryValue(value);
    return this;
  }

  /** A struct-typed field whose fields `body` writes. */
  struct(id: number, body: (w: this) => void): this {
    this.field(id, STRUCT);
    this.structValue(body);
    return this;
  }

  /** A list field; `item` writes each element (with the `*Value` methods, or `structValue`). */
  list<T>(id: number, elementType: number, items: readonly T[], item: (w: this, value: T) => void): this {
    this.field(id, LIST);
    if (items.length < 15) this.byte((items.length << 4) | elementType);
    else {
      this.byte(0xf0 | elementType);
      this.varint(items.length);
    }
    for (const value of items) item(this, value);
    return this;
  }

  i32Value(value: number): void {
    this.varint(zigzag(value));
  }

  binaryValue(value: Uint8Array | string): void {
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    this.varint(bytes.length);
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
  }

  structValue(body: (w: this) => void): void {
    this.lastField.push(0);
    body(this);
    this.byte(0); // STOP
    this.lastField.pop();
  }

  private field(id: number, type: number): void {
    const top = this.lastField.length - 1;
    const last = this.lastField[top] as number;
    if (id <= last) throw new Error(`thrift: field ${id} written after field ${last}`);
    const delta = id - last;
    if (delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.varint(zigzag(id));
    }
    this.lastField[top] = id;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.bytes[this.used++] = value;
  }

  /** An unsigned LEB128 varint of a non-negative safe integer (beyond 32 bits without bit operators). */
  private varint(value: number): void {
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.used++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.used++] = v;
  }

  private reserve(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + more));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}

/** Zigzag encoding of a signed safe integer: 0, -1, 1, -2 … → 0, 1, 2, 3 … */
function zigzag(value: number): number {
  const encoded = value >= 0 ? value * 2 : -value * 2 - 1;
  if (!Number.isSafeInteger(encoded)) throw new Error(`thrift: ${value} is out of range`);
  return encoded;
}
