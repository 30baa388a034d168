/**
 * dbt sources generated from the contracts: one source per system, one table per feed, with
 * column docs and tests. The `local` target reads the lake's Parquet files directly (dbt-duckdb's
 * `external_location`); the `aws` target reads the Glue table of the same name.
 */
import { stringify } from 'yaml';
import { AUDIT_COLUMNS, AUDIT_PREFIX, AUDIT_TABLE_NAME, INGEST_OUTCOMES, PUBLISHED_OUTCOMES } from '../audit.js';
import type { ColumnSpec, FeedContract, SystemName } from '../contract.js';
import { rawTablePrefix } from '../lake-layout.js';
import { LINEAGE_COLUMNS } from '../lineage.js';
import { duckdbType } from '../physical-types.js';
import { QUARANTINE_ROW_COLUMNS, QUARANTINE_ROWS_PREFIX, QUARANTINE_ROWS_TABLE_NAME } from '../quarantine.js';

export const GENERATED_HEADER = 'Generated from schemas/ by `opslake codegen`; do not edit.';

export interface FreshnessRule {
  readonly warn_after: { readonly count: number; readonly period: 'hour' | 'day' };
  readonly error_after: { readonly count: number; readonly period: 'hour' | 'day' };
}

/**
 * How stale a feed may get before `dbt source freshness` warns or fails, by cadence (snapshots:
 * no rule). The dashboard's data-quality page judges freshness by the same rule.
 */
export const FRESHNESS: Partial<Record<FeedContract['cadence'], FreshnessRule>> = {
  daily: { warn_after: { count: 36, period: 'hour' }, error_after: { count: 72, period: 'hour' } },
  monthly: { warn_after: { count: 40, period: 'day' }, error_after: { count: 62, period: 'day' } },
};

/** The Glue / Athena table name of a feed's raw table. */
export const rawTableName = (contract: FeedContract) => `${contract.system}_${contract.feed}`;

/**
 * Tests on raw columns. Ingest already enforced every contract rule (required, enums, ranges) on
 * every row it landed, so repeating those checks here would re-scan every raw file per column for
 * nothing (measured: 150 such tests were 70 % of a year's local `dbt build`). What a raw table can
 * still get wrong is a file that reached the lake some other way; the primary key guards against
 * that, and the staging models test their columns after deduplication.
 */
function columnTests(name: string, contract: FeedContract): unknown[] {
  // Raw tables keep every delivered version of a row: uniqueness is tested after staging dedupes.
  return contract.primaryKey.includes(name) ? ['not_null'] : [];
}

function columnDoc(spec: ColumnSpec): string {
  const parts = [spec.description];
  if (spec.unit) parts.push(`Unit: ${spec.unit}.`);
  if (spec.kind === 'enum') parts.push(`One of: ${spec.values.join(', ')}.`);
  return parts.join(' ');
}

const lakeFiles = (prefix: string) =>
  `read_parquet('{{ env_var('OPSLAKE_LAKE_DIR', '../.opslake/lake') }}/${prefix}**/*.parquet', union_by_name = true)`;

/** The `sources.yml` of one system's feeds. */
export function dbtSourcesYaml(system: SystemName, contracts: readonly FeedContract[]): string {
  const feeds = contracts.filter((c) => c.system === system);
  const doc = {
    version: 2,
    sources: [
      {
        name: system,
        description: `Raw ${system.toUpperCase()} feeds as validated and landed by opslake ingest.`,
        schema: "{{ var('raw_database') }}",
        tables: feeds.map((contract) => ({
          name: contract.feed,
          identifier: rawTableName(contract),
          description: `${contract.description} Contract ${contract.id} v${contract.version}; primary key (${contract.primaryKey.join(', ')}).`,
          config: {
            // Source freshness: the newest ingest of each feed (`dbt source freshness`).
            loaded_at_field: '_ingested_at',
            ...(FRESHNESS[contract.cadence] ? { freshness: FRESHNESS[contract.cadence] } : {}),
            meta: {
              contract_version: contract.version,
              primary_key: [...contract.primaryKey],
              external_location: lakeFiles(rawTablePrefix(contract)),
            },
          },
          columns: [
            ...Object.entries(contract.columns).map(([name, spec]) => {
              const tests = columnTests(name, contract);
              return { name, description: columnDoc(spec), ...(tests.length > 0 ? { data_tests: tests } : {}) };
            }),
            ...Object.entries(LINEAGE_COLUMNS).map(([name, spec]) => ({ name, description: spec.description })),
          ],
        })),
      },
    ],
  };
  return `# ${GENERATED_HEADER}\n${stringify(doc, { lineWidth: 0 })}`;
}

/** DuckDB's type for a quarantine line's member (the NDJSON holds text and whole numbers only). */
function duckdbJsonType(name: string, spec: ColumnSpec): string {
  if (spec.kind !== 'string' && spec.kind !== 'integer') {
    throw new Error(`quarantine column ${name}: no NDJSON type for kind ${spec.kind}`);
  }
  return duckdbType(spec);
}

/**
 * DuckDB's `columns` for a quarantine line: given, so a member absent from older lines reads as
 * null. A `struct_pack`, not a `{…}` literal: dbt-duckdb runs `str.format` over external_location.
 */
export const QUARANTINE_JSON_COLUMNS = `struct_pack(${Object.entries(QUARANTINE_ROW_COLUMNS)
  .map(([name, spec]) => `"${name}" := '${duckdbJsonType(name, spec)}'`)
  .join(', ')})`;

/**
 * DuckDB's read of every quarantined row. The glob also matches the empty
 * QUARANTINE_ROWS_SCHEMA_KEY the build writes (lake-bootstrap.ts), so the read works before
 * anything was quarantined.
 */
export const quarantineRowsRead = (root: string): string =>
  `read_json('${root}/${QUARANTINE_ROWS_PREFIX}**/*.ndjson', format = 'newline_delimited', columns = ${QUARANTINE_JSON_COLUMNS})`;

/** The `sources.yml` of opslake's own tables: the ingest audit log and the quarantined rows. */
export function dbtAuditSourcesYaml(): string {
  const doc = {
    version: 2,
    sources: [
      {
        name: 'opslake',
        description: "opslake's own records of what it did to the feeds.",
        schema: "{{ var('raw_database') }}",
        tables: [
          {
            name: 'ingest_files',
            identifier: AUDIT_TABLE_NAME,
            description:
              'The ingest audit log: one record per file attempt (file, content hash, contract version, rows in / valid / rejected, outcome, duration).',
            config: {
              loaded_at_field: 'started_at',
              meta: { external_location: lakeFiles(AUDIT_PREFIX) },
            },
            // Tested in stg_opslake__ingest_files: every test here would re-read one small file
            // per ingest attempt (13,613 for the demo's year, ~6 s a scan).
            columns: Object.entries(AUDIT_COLUMNS).map(([name, spec]: [string, ColumnSpec]) => ({
              name,
              description: columnDoc(spec),
            })),
          },
          {
            name: 'quarantine_rows',
            identifier: QUARANTINE_ROWS_TABLE_NAME,
            description:
              "Rows the ingest quarantined, one record per rule a row failed, of the versions of files that stand (a replaced or replayed version's rows are deleted with it). Files rejected whole are in the audit log (outcome rejected).",
            config: {
              meta: {
                external_location: quarantineRowsRead(
                  "{{ env_var('OPSLAKE_QUARANTINE_DIR', '../.opslake/quarantine') }}",
                ),
              },
            },
            columns: Object.entries(QUARANTINE_ROW_COLUMNS).map(([name, spec]: [string, ColumnSpec]) => ({
              name,
              description: columnDoc(spec),
            })),
          },
        ],
      },
    ],
  };
  return `# ${GENERATED_HEADER}\n${stringify(doc, { lineWidth: 0 })}`;
}

/**
 * The audit's outcomes for SQL (transforms/macros/ingest_outcomes.sql): `ingest_outcome('rejected')`
 * is the quoted name, refused at compile time when INGEST_OUTCOMES has no such outcome, and
 * `published_outcomes()` the quoted list of PUBLISHED_OUTCOMES, so no model spells them itself.
 */
export function dbtIngestOutcomesMacro(): string {
  const quoted = (names: readonly string[]) => names.map((o) => `'${o}'`).join(', ');
  return `{#- ${GENERATED_HEADER} The outcomes are INGEST_OUTCOMES in schemas/audit.ts. -#}
{% macro ingest_outcome(name) -%}
  {%- if name not in [${quoted(INGEST_OUTCOMES)}] -%}
    {{ exceptions.raise_compiler_error("ingest_outcome: no outcome '" ~ name ~ "' in schemas/audit.ts INGEST_OUTCOMES") }}
  {%- endif -%}
  '{{ name }}'
{%- endmacro %}

{#- The outcomes of an attempt that published a version (PUBLISHED_OUTCOMES). -#}
{% macro published_outcomes() -%}
  ${quoted(PUBLISHED_OUTCOMES)}
{%- endmacro %}
`;
}
