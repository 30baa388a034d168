/** 7 Appendix: every KPI's definition, unit, direction, owner and default target, from the registry. */
import type { ReportData } from '../data.js';
import { type Html, html, sectionHeading } from '../html.js';
import { directionArrow, formatValue } from './common.js';

export function appendixSection(data: ReportData): Html {
  const rows = data.registry.map(
    (k) =>
      html`<tr><td class="kpi">${k.label}<br><code>${k.kpi}</code></td><td class="def">${k.formula}</td><td class="small">${k.numeratorDefinition}${k.kind === 'ratio' ? html` ÷ ${k.denominatorDefinition}` : ''}</td><td>${k.unit}</td><td>${directionArrow(k.direction)} ${k.direction.replaceAll('_', ' ')}</td><td>${k.grain}</td><td>${k.owner}</td><td class="num">${formatValue(k.defaultTarget, k.unit)}</td></tr>`,
  );
  return html`<section class="page">
  ${sectionHeading('appendix')}
  <table class="appendix"><thead><tr><th>KPI</th><th>definition</th><th>parts</th><th>unit</th><th>direction</th><th>grain</th><th>owner</th><th>default target</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}
