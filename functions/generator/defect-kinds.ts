/** The defects `--defects` injects and what the manifest says of each (see defects.ts). */

export const MANIFEST_KEY = '_manifest/defects.json';

export type DefectKind =
  | 'wrong_type'
  | 'missing_required'
  | 'out_of_range'
  | 'impossible_date'
  | 'bad_enum'
  | 'cross_field'
  | 'duplicate_key'
  | 'field_count'
  | 'missing_column'
  | 'duplicated_file'
  | 'late_file'
  | 'header_order'
  | 'bom'
  | 'crlf'
  | 'extra_column';

/** What ingest must do with a defect. */
export type ExpectedOutcome = 'rejected_row' | 'rejected_file' | 'duplicate' | 'warning' | 'loaded';

export interface Defect {
  readonly file: string;
  readonly kind: DefectKind;
  readonly expected: ExpectedOutcome;
  /** The 1-based record number ingest reports (header = 1), for a rejected row. */
  readonly row: number | null;
  readonly column: string | null;
  /** The rule ingest must name: a contract rule, a parse rule or a file rule. */
  readonly rule: string | null;
  readonly note: string;
}
