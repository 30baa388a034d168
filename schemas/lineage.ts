import type { ColumnSpec } from './contract.js';

/** Columns every raw table carries after the contract's own: where each row came from. */
export const LINEAGE_COLUMNS = {
  _source_key: { kind: 'string', description: 'Landing key of the file this row came from', required: true },
  _source_row: { kind: 'integer', description: 'Row number in the source file (header = 1)', required: true },
  _ingested_at: {
    kind: 'timestamp',
    description: 'When opslake ingested the file (UTC)',
    required: true,
    unit: 'UTC instant',
  },
} as const satisfies Record<string, ColumnSpec>;
