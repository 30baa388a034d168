/** Small HTML helpers: every interpolated value is escaped unless it is already `Html`. */

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | null | undefined | readonly Value[];

export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function render(value: Value): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<td>${value}</td>\``: escapes strings and numbers, keeps `Html` and joins arrays. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup produced by a trusted renderer (ECharts' SVG). */
export const raw = (text: string): Html => new Html(text);

/** The report's sections, in the order; their ids link the contents page. */
export const SECTIONS = [
  { id: 'summary', title: 'Executive summary' },
  { id: 'scorecard', title: 'Scorecard' },
  { id: 'trends', title: 'Trends' },
  { id: 'movers', title: 'Top movers and drivers' },
  { id: 'commentary', title: 'Commentary' },
  { id: 'quality', title: 'Data quality' },
  { id: 'products', title: 'Data products' },
  { id: 'appendix', title: 'Appendix: KPI definitions' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionHeading(id: SectionId): Html {
  const index = SECTIONS.findIndex((s) => s.id === id);
  return html`<h1 id="${id}">${index + 1} ${SECTIONS[index]?.title ?? id}</h1>`;
}
