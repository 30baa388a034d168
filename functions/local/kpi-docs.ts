/**
 * docs/kpis.md, generated from the KPI registry (transforms/models/kpis/_kpi_registry.yml, the one
 * place a KPI is defined). Run `npx tsx functions/local/kpi-docs.ts` to rewrite it; a test fails
 * when the committed copy is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { repoRoot } from './workspace.js';

export interface KpiDefinition {
  readonly name: string;
  readonly label: string;
  readonly formula: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly unit: string;
  readonly kind: 'ratio' | 'sum' | 'distribution';
  readonly scale: number;
  readonly grain: 'daily' | 'monthly';
  readonly breakdown: string;
  readonly direction: 'higher_is_better' | 'lower_is_better' | 'closer_to_zero_is_better';
  readonly owner: string;
  readonly default_target: number | null;
  readonly amber_threshold: number | null;
  /** The published standard the definition follows, or how and why it deviates. */
  readonly standard: string;
  readonly follows_standard: boolean;
  /** Decimals of kpi_value as displayed; status judges the value rounded to them. */
  readonly display_decimals: number;
  /** Numerator and denominator are money: reported in the reporting currency, the site's own beside it. */
  readonly money?: boolean;
}

export const registryPath = join(repoRoot, 'transforms/models/kpis/_kpi_registry.yml');
export const kpiDocsPath = join(repoRoot, 'docs/kpis.md');

interface RegistryFile {
  models?: { name: string; config?: { meta?: { kpis?: KpiDefinition[] } } }[];
}

/** The KPI definitions, in registry order. */
export function readKpiRegistry(path = registryPath): KpiDefinition[] {
  const doc = parse(readFileSync(path, 'utf8')) as RegistryFile;
  const model = doc.models?.find((m) => m.name === 'kpi_registry');
  const kpis = model?.config?.meta?.kpis;
  if (!kpis || kpis.length === 0) throw new Error(`${path}: no kpi_registry model with config.meta.kpis`);
  return kpis;
}

const cell = (value: string | number | null): string =>
  value === null ? '—' : String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

function valueRule(k: KpiDefinition): string {
  if (k.kind === 'sum') return 'Σ numerator (no denominator)';
  if (k.kind === 'distribution') return 'median of the observations (p90 and mean = numerator ÷ denominator alongside)';
  return k.scale === 1 ? 'Σ numerator ÷ Σ denominator' : `${k.scale} × Σ numerator ÷ Σ denominator`;
}

export function renderKpiDocs(kpis: readonly KpiDefinition[]): string {
  const lines = [
    '# KPI catalog',
    '',
    '<!-- Generated from transforms/models/kpis/_kpi_registry.yml by `npx tsx functions/local/kpi-docs.ts`; do not edit. -->',
    '',
    'Every KPI is published in `kpi_daily` (daily grain only) and `kpi_monthly` at site, region and',
    'company scope, with its numerator and denominator. Roll-ups re-compute the value from the summed',
    'parts; medians are re-computed from the underlying observations at every scope, never averaged.',
    "Status is green on the target's good side, amber within the amber threshold past it, red beyond;",
    'for `closer to zero is better` (variances) the target is the tolerated distance from zero either',
    'way (green when |value| ≤ target). Status judges the value rounded to its display decimals, so a',
    'value shown as 98.0 % is never flagged against a 98 % target.',
    '',
    '**Targets.** A site row takes the reference `kpi_targets` row for the site and period, otherwise',
    'the default below. A region or company row takes the target its sites imply: the mean of their',
    'targets weighted by their denominators (counts for medians; the sum of them for sums). If every',
    'site meets its own target the roll-up meets its target, and with no `kpi_targets` rows every',
    'scope shows the default.',
    '',
    `**Money.** The money KPIs (${kpis
      .filter((k) => k.money)
      .map((k) => `\`${k.name}\``)
      .join(', ')}) are in the reporting currency (dbt var`,
    '`reporting_currency`, default USD) at every scope, so a region or company adds like with like. Each site amount is',
    "translated at reference `fx_rates`' average rate for its month (IAS 21 §39–40: income and expenses",
    'at the rates of their dates, or the period average when rates are stable within it; where the feed',
    'quotes a month only from the reporting currency into the site’s, at its reciprocal) and rounded',
    'to the cent; a budget is translated at the same rate as the actuals, so an exchange-rate move never',
    'reads as over- or under-spending. Site rows also carry the KPI in the currency the site books in',
    '(`booking_currency_code`, `booking_numerator`, `booking_denominator`, `booking_kpi_value`) and the',
    'rate used (`fx_rate`). Targets of money KPIs are in the reporting currency. A site-month whose',
    'rate has not arrived stays out of the money KPIs, and kpi_data_quality flags them, until it does.',
    '',
    '**Standards.** Each KPI below names the published standard its definition follows (SCOR, OSHA,',
    'WERC DC Measures, APQC, …) or says how and why it deviates.',
    '',
    '| kpi | label | unit | grain | direction | default target | amber threshold | owner | standard |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...kpis.map(
      (k) =>
        `| \`${k.name}\` | ${cell(k.label)} | ${cell(k.unit)} | ${k.grain} | ${k.direction.replaceAll('_', ' ')} | ${cell(k.default_target)} | ${cell(k.amber_threshold)} | ${cell(k.owner)} | ${k.follows_standard ? 'follows' : 'deviates'} |`,
    ),
    '',
  ];
  for (const k of kpis) {
    lines.push(
      `## ${k.label} (\`${k.name}\`)`,
      '',
      `- **Definition:** ${k.formula}`,
      `- **Standard (${k.follows_standard ? 'follows' : 'deviates'}):** ${k.standard}`,
      `- **Numerator:** ${k.numerator}`,
      `- **Denominator:** ${k.denominator}`,
      `- **Value:** ${valueRule(k)}; unit ${k.unit}`,
      `- **Grain:** ${k.grain === 'daily' ? 'site × local day (and month)' : 'site × month'}${k.breakdown === 'all' ? '' : `, also split by ${k.breakdown}`}`,
      `- **Direction:** ${k.direction.replaceAll('_', ' ')}; owner ${k.owner}`,
      `- **Default target:** ${cell(k.default_target)}${k.money && k.unit === 'currency' ? ' (reporting currency)' : ''}; amber threshold ${cell(k.amber_threshold)}; shown with ${k.display_decimals} decimals`,
      ...(k.money
        ? ['- **Money:** in the reporting currency at every scope; site rows in their booking currency too']
        : []),
      '',
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(kpiDocsPath, renderKpiDocs(readKpiRegistry()));
  process.stdout.write(`wrote ${kpiDocsPath}\n`);
}
