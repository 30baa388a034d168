/**
 * The contracts are the single source of truth: every committed file generated from them must be
 * exactly what `opslake codegen` would write now.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../functions/local/workspace.js';
import { AUDIT_COLUMNS, INGEST_OUTCOMES } from '../../schemas/audit.js';
import { generatedFiles } from '../../schemas/codegen/index.js';
import { contracts } from '../../schemas/index.js';

describe('files generated from the contracts', () => {
  const files = generatedFiles();

  it.each(files.map((f) => [f.path, f.content]))('%s is up to date (run `npx opslake codegen`)', (path, content) => {
    expect(readFileSync(join(repoRoot, path), 'utf8')).toBe(content);
  });

  it('covers every system and documents every feed and column', () => {
    const systems = new Set(contracts.map((c) => c.system));
    // One sources file per system, and one for opslake's own audit table.
    expect(files.filter((f) => f.path.endsWith('__sources.yml'))).toHaveLength(systems.size + 1);
    const dictionary = files.find((f) => f.path === 'docs/data-dictionary.md')?.content ?? '';
    for (const contract of contracts) {
      expect(dictionary).toContain(`### \`${contract.id}\` — v${contract.version}`);
      for (const column of contract.columnNames) expect(dictionary).toContain(`| \`${column}\` |`);
      for (const rule of contract.rules) expect(dictionary).toContain(`\`${rule.name}\``);
    }
    const audit = dictionary.slice(dictionary.indexOf('## Ingest audit log'));
    for (const column of Object.keys(AUDIT_COLUMNS)) expect(audit).toContain(`| \`${column}\` |`);
    const auditSource = files.find((f) => f.path.endsWith('/_opslake__sources.yml'))?.content ?? '';
    for (const column of Object.keys(AUDIT_COLUMNS)) expect(auditSource).toContain(`- name: ${column}\n`);
  });
});

interface ModelsYaml {
  models: {
    name: string;
    columns?: { name: string; data_tests?: { accepted_values?: { arguments: { values: string[] } } }[] }[];
  }[];
}

describe('copies of the audit outcomes', () => {
  it('the accepted_values of stg_opslake__ingest_files.outcome are INGEST_OUTCOMES (schemas/audit.ts)', () => {
    const path = join(repoRoot, 'transforms/models/staging/opslake/_opslake__models.yml');
    const models = (parse(readFileSync(path, 'utf8')) as ModelsYaml).models;
    const outcome = models
      .find((m) => m.name === 'stg_opslake__ingest_files')
      ?.columns?.find((c) => c.name === 'outcome');
    const values = outcome?.data_tests?.flatMap((t) => t.accepted_values?.arguments.values ?? []);
    expect(values).toEqual([...INGEST_OUTCOMES]);
  });
});
