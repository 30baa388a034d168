/**
 * The Glue columns of a raw table must describe what the ingest writer actually puts in Parquet:
 * a mismatch only shows up in AWS, as HIVE_BAD_DATA at query time. So the two mappings are checked
 * against each other for every registered contract.
 */
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowSchema } from '../../functions/core/arrow-schema.js';
import { glueColumns } from '../../schemas/codegen/glue.js';
import { contracts } from '../../schemas/index.js';

/** The Hive type Athena needs to read a Parquet column written from this Arrow type. */
function hiveTypeOf(type: arrow.DataType): string {
  if (arrow.DataType.isUtf8(type)) return 'string';
  if (arrow.DataType.isBool(type)) return 'boolean';
  if (arrow.DataType.isInt(type)) return type.bitWidth === 64 ? 'bigint' : 'int';
  if (arrow.DataType.isDecimal(type)) return `decimal(${type.precision},${type.scale})`;
  if (arrow.DataType.isDate(type)) return 'date';
  if (arrow.DataType.isTimestamp(type)) return 'timestamp';
  throw new Error(`no Hive type for Arrow ${type}`);
}

describe('Glue columns agree with the Parquet writer', () => {
  it.each(contracts.map((c) => [c.id, c] as const))('%s', (_id, contract) => {
    const written = arrowSchema(contract).fields.map((field) => [field.name, hiveTypeOf(field.type)]);
    const catalogued = glueColumns(contract).map((column) => [column.name, column.type]);
    expect(catalogued).toEqual(written);
  });
});
