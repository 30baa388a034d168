/**
 * One KPI over months, one line per site, with the scope's target as a dashed step line — the
 * report's trend charts (server-side SVG) and usable as is in the browser.
 */
import type { EChartsOption } from 'echarts';
import { formatValue } from './format.js';
import { TARGET_COLOUR } from './palette.js';

/** Distinguishable on white and in greyscale print (Okabe–Ito, without yellow). */
export const SITE_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#000000'] as const;

export interface SiteTrendsInput {
  readonly title: string;
  readonly unit: string;
  /** The x axis: first days of the months, in order. */
  readonly months: readonly string[];
  readonly sites: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
  readonly target?: readonly (number | null)[];
  /** The chart's width in px, to know how many lines the legend takes. @default 500 */
  readonly width?: number;
}

const LEGEND = { fontSize: 10, icon: 14, gap: 16, lineHeight: 16 } as const;
/** DejaVu Sans' average advance, as a share of the font size (wide enough not to under-count). */
const CHAR_WIDTH = 0.62;

/**
 * Lines the legend wraps to at this width: ECharts wraps a plain legend by itself, but the grid
 * must leave room for every line or the legend runs into the axis labels.
 */
export function legendLines(names: readonly string[], width: number): number {
  let lines = 1;
  let used = 0;
  for (const name of names) {
    const item = LEGEND.icon + 5 + name.length * LEGEND.fontSize * CHAR_WIDTH;
    if (used > 0 && used + item > width) {
      lines++;
      used = 0;
    }
    used += item + LEGEND.gap;
  }
  return lines;
}

const scaled = (v: number | null, unit: string): number | null => (v === null ? null : unit === 'ratio' ? v * 100 : v);

export function siteTrendsOption(input: SiteTrendsInput): EChartsOption {
  const { unit } = input;
  const hasTarget = input.target?.some((t) => t !== null) ?? false;
  const names = [...input.sites.map((s) => s.name), ...(hasTarget ? ['target'] : [])];
  const lines = legendLines(names, input.width ?? 500);
  return {
    animation: false,
    textStyle: { fontFamily: 'DejaVu Sans, Arial, sans-serif' },
    title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 13 } },
    grid: { left: 52, right: 12, top: 34, bottom: 32 + LEGEND.lineHeight * lines },
    legend: {
      data: names,
      bottom: 0,
      left: 0,
      itemWidth: LEGEND.icon,
      itemHeight: 8,
      itemGap: LEGEND.gap,
      textStyle: { fontSize: LEGEND.fontSize },
    },
    xAxis: {
      type: 'category',
      data: input.months.map((m) => m.slice(0, 7)),
      boundaryGap: false,
      axisLabel: { fontSize: 9, interval: 1 },
    },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: {
        fontSize: 9,
        formatter: (v: number) => formatValue(unit === 'ratio' ? v / 100 : v, unit),
      },
    },
    series: [
      ...input.sites.map((s, i) => ({
        name: s.name,
        type: 'line' as const,
        showSymbol: true,
        symbolSize: 4,
        connectNulls: false,
        lineStyle: { width: 1.6, color: SITE_COLOURS[i % SITE_COLOURS.length] },
        itemStyle: { color: SITE_COLOURS[i % SITE_COLOURS.length] },
        data: s.values.map((v) => scaled(v, unit)),
      })),
      ...(hasTarget
        ? [
            {
              name: 'target',
              type: 'line' as const,
              step: 'middle' as const,
              showSymbol: false,
              lineStyle: { color: TARGET_COLOUR, type: 'dashed' as const, width: 1.4 },
              itemStyle: { color: TARGET_COLOUR },
              data: (input.target ?? []).map((v) => scaled(v, unit)),
            },
          ]
        : []),
    ],
  };
}
