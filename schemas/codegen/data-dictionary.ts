/** docs/data-dictionary.md, generated from the contracts: every feed, column, unit and rule. */
import { AUDIT_COLUMNS, AUDIT_PREFIX, AUDIT_TABLE_NAME } from '../audit.js';
import type { ColumnSpec, FeedContract } from '../contract.js';
import { AUDIT_COMPACTED_MARK, COMPACTED_MARK, quarantineRowsKey, rawTablePrefix } from '../lake-layout.js';
import { LINEAGE_COLUMNS } from '../lineage.js';
import { arrowType, glueType, typeLabel } from '../physical-types.js';
import { QUARANTINE_ROW_COLUMNS, QUARANTINE_ROWS_TABLE_NAME } from '../quarantine.js';
import { GENERATED_HEADER, rawTableName } from './dbt-sources.js';

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function constraints(spec: ColumnSpec): string {
  const parts: string[] = [];
  if (spec.kind === 'enum') parts.push(`one of ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
  if ((spec.kind === 'integer' || spec.kind === 'decimal') && spec.min !== undefined) parts.push(`≥ ${spec.min}`);
  if ((spec.kind === 'integer' || spec.kind === 'decimal') && spec.max !== undefined) parts.push(`≤ ${spec.max}`);
  if (spec.kind === 'string' && spec.patternHint) parts.push(spec.patternHint);
  if (spec.kind === 'string' && spec.maxLength !== undefined) parts.push(`≤ ${spec.maxLength} chars`);
  if (spec.privacy === 'pseudonymised') parts.push('**PII: pseudonymised id only**');
  return parts.join('; ');
}

const COLUMN_TABLE_HEADER = [
  '| column | type | Glue | required | unit | constraints | description |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];

function columnRow(name: string, spec: ColumnSpec): string {
  return `| \`${name}\` | ${typeLabel(spec)} | ${glueType(spec)} | ${spec.required ? 'yes' : 'no'} | ${escapeCell(spec.unit ?? '')} | ${escapeCell(constraints(spec))} | ${escapeCell(spec.description)} |`;
}

function feedSection(contract: FeedContract): string {
  const lines = [
    `### \`${contract.id}\` — v${contract.version}`,
    '',
    contract.description,
    '',
    `- **Primary key:** ${contract.primaryKey.map((k) => `\`${k}\``).join(', ')}`,
    `- **Cadence:** ${contract.cadence}; landing key \`${contract.id}/<file>.csv|.ndjson[.gz]\``,
    `- **Lake:** \`${rawTablePrefix(contract)}site=<${contract.partitionBy.site}>/dt=<UTC day of ${contract.partitionBy.date}>/<content-hash>.parquet\`; \`opslake compact\` merges a partition's files into \`${COMPACTED_MARK}<members hash>.parquet\` (docs/ingest.md, "Compacting the lake")`,
    `- **Tables:** dbt \`source('${contract.system}', '${contract.feed}')\`; Glue/Athena \`opslake_raw.${rawTableName(contract)}\``,
    '',
    ...COLUMN_TABLE_HEADER,
  ];
  for (const [name, spec] of Object.entries(contract.columns)) lines.push(columnRow(name, spec));
  if (contract.rules.length > 0) {
    lines.push('', '**Rules across columns** (a row that breaks one is quarantined with the rule name):', '');
    for (const rule of contract.rules)
      lines.push(`- \`${rule.name}\` (reported on \`${rule.column}\`): ${rule.description}`);
  }
  return lines.join('\n');
}

export function dataDictionaryMarkdown(contracts: readonly FeedContract[]): string {
  const systems = [...new Set(contracts.map((c) => c.system))];
  const parts = [
    `<!-- ${GENERATED_HEADER} -->`,
    '# Data dictionary',
    '',
    'Every feed opslake accepts, as its contract defines it. Values are validated at ingest; a row that',
    'breaks a column constraint or a rule is quarantined with file, row, column, rule and raw value.',
    'Money is `decimal(18,2)` in the currency of the row; timestamps are UTC instants (a time given',
    "without an offset is read in the site's timezone from `reference/sites`).",
    '',
    '| feed | version | cadence | primary key | description |',
    '| --- | --- | --- | --- | --- |',
    ...contracts.map(
      (c) =>
        `| [\`${c.id}\`](#${c.id.replace('/', '')}--v${c.version.replaceAll('.', '')}) | ${c.version} | ${c.cadence} | ${c.primaryKey.join(', ')} | ${escapeCell(c.description)} |`,
    ),
  ];
  for (const system of systems) {
    parts.push('', `## ${system.toUpperCase()}`, '');
    parts.push(
      contracts
        .filter((c) => c.system === system)
        .map(feedSection)
        .join('\n\n'),
    );
  }
  parts.push(
    '',
    '## Lineage columns (every raw table)',
    '',
    '| column | Arrow type | description |',
    '| --- | --- | --- |',
    ...Object.entries(LINEAGE_COLUMNS).map(
      ([n, s]) => `| \`${n}\` | ${String(arrowType(s))} | ${escapeCell(s.description)} |`,
    ),
    '',
    '## Ingest audit log',
    '',
    'One record per ingest attempt, the data-quality record of the lake; rows in = valid + rejected.',
    '',
    `- **Lake:** \`${AUDIT_PREFIX}dt=<UTC day the attempt started>/<ingest_id>.parquet\`; \`opslake compact\` merges a day's files into \`${AUDIT_COMPACTED_MARK}<ids hash>.parquet\` (docs/ingest.md)`,
    `- **Tables:** dbt \`source('opslake', 'ingest_files')\` → \`stg_opslake__ingest_files\`; Glue/Athena \`opslake_raw.${AUDIT_TABLE_NAME}\``,
    '',
    ...COLUMN_TABLE_HEADER,
    ...Object.entries(AUDIT_COLUMNS).map(([name, spec]: [string, ColumnSpec]) => columnRow(name, spec)),
    '',
    '## Quarantined rows',
    '',
    'One NDJSON line per rule a row failed, for the versions of files that stand: a replaced or replayed',
    "version's lines are deleted with its lake files. Files rejected whole are in the audit log.",
    '',
    `- **Quarantine:** \`${quarantineRowsKey({ system: '<system>', feed: '<feed>' }, '<content hash>[-g<replay>][-<part>]')}\``,
    `- **Tables:** dbt \`source('opslake', 'quarantine_rows')\` → \`stg_opslake__quarantine_rows\` → \`quarantine_daily\`; Glue/Athena \`opslake_raw.${QUARANTINE_ROWS_TABLE_NAME}\``,
    '',
    ...COLUMN_TABLE_HEADER,
    ...Object.entries(QUARANTINE_ROW_COLUMNS).map(([name, spec]: [string, ColumnSpec]) => columnRow(name, spec)),
    '',
  );
  return parts.join('\n');
}
