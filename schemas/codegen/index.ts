/**
 * Every file generated from the contracts. `opslake codegen` writes them; a test fails when a
 * committed copy is stale, so the contracts stay the single source of truth.
 */
import type { FeedContract, SystemName } from '../contract.js';
import { contracts } from '../index.js';
import { dataDictionaryMarkdown } from './data-dictionary.js';
import { dbtAuditSourcesYaml, dbtIngestOutcomesMacro, dbtSourcesYaml } from './dbt-sources.js';

export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

export function generatedFiles(all: readonly FeedContract[] = contracts): GeneratedFile[] {
  const systems = [...new Set(all.map((c) => c.system))] as SystemName[];
  return [
    ...systems.map((system) => ({
      path: `transforms/models/staging/${system}/_${system}__sources.yml`,
      content: dbtSourcesYaml(system, all),
    })),
    { path: 'transforms/models/staging/opslake/_opslake__sources.yml', content: dbtAuditSourcesYaml() },
    { path: 'transforms/macros/ingest_outcomes.sql', content: dbtIngestOutcomesMacro() },
    { path: 'docs/data-dictionary.md', content: dataDictionaryMarkdown(all) },
  ];
}
