/** The Arrow schema of a raw table: the contract's columns, then the lineage columns. */
import * as arrow from 'apache-arrow';
import type { ColumnSpec, FeedContract } from '../../schemas/contract.js';
import { LINEAGE_COLUMNS } from '../../schemas/lineage.js';
import { arrowType } from '../../schemas/physical-types.js';

/** All columns of a raw table: the contract's, then the lineage columns. */
export function rawColumns(contract: FeedContract): [string, ColumnSpec][] {
  return [...Object.entries(contract.columns), ...Object.entries(LINEAGE_COLUMNS)];
}

/** The Arrow schema of a contract's raw table. One canonical schema per contract version. */
export function arrowSchema(contract: FeedContract): arrow.Schema {
  return schemaOf(
    rawColumns(contract),
    new Map([
      ['opslake.feed', contract.id],
      ['opslake.contract_version', contract.version],
    ]),
  );
}

/** An Arrow schema for columns described by specs, with descriptions and units as field metadata. */
export function schemaOf(columns: [string, ColumnSpec][], metadata = new Map<string, string>()): arrow.Schema {
  const fields = columns.map(
    ([name, spec]) =>
      new arrow.Field(
        name,
        arrowType(spec),
        !spec.required,
        new Map([['description', spec.description], ...(spec.unit ? [['unit', spec.unit] as [string, string]] : [])]),
      ),
  );
  return new arrow.Schema(fields, metadata);
}
