/**
 * Apache ECharts option builders: pure functions from KPI data to an ECharts option, with no DOM,
 * so the dashboard (browser, `chart.setOption`) and the report (server-side SVG, svg.ts) draw the
 * same chart from the same numbers.
 */
import type { EChartsOption } from 'echarts';
import { formatValue } from './format.js';
import { PARTIAL_COLOUR, SERIES_COLOUR, statusColour, TARGET_COLOUR } from './palette.js';

export interface ChartPoint {
  readonly periodStart: string;
  readonly value: number | null;
  readonly target?: number | null;
  readonly status?: string | null;
  readonly partial?: boolean;
}

export interface TrendChartInput {
  readonly title?: string;
  readonly unit: string;
  readonly points: readonly ChartPoint[];
}

/** The value in the unit people read (ratios as %), so axis and tooltip agree with the tiles. */
const scaled = (value: number | null | undefined, unit: string): number | null =>
  value === null || value === undefined ? null : unit === 'ratio' ? value * 100 : value;

const axisUnit = (unit: string): string => (unit === 'ratio' ? '%' : unit);

/** The KPI's trend with its target line; partial buckets are drawn hollow and grey. */
export function trendOption(input: TrendChartInput): EChartsOption {
  const { unit, points } = input;
  const hasTarget = points.some((p) => p.target !== null && p.target !== undefined);
  return {
    animation: false,
    ...(input.title ? { title: { text: input.title, left: 0, textStyle: { fontSize: 14 } } } : {}),
    grid: { left: 56, right: 16, top: input.title ? 40 : 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { data: hasTarget ? ['value', 'target'] : ['value'], right: 0, top: 0 },
    xAxis: { type: 'category', data: points.map((p) => p.periodStart), boundaryGap: false },
    yAxis: { type: 'value', name: axisUnit(unit), scale: true },
    series: [
      {
        name: 'value',
        type: 'line',
        showSymbol: true,
        symbolSize: 7,
        lineStyle: { color: SERIES_COLOUR, width: 2 },
        itemStyle: { color: SERIES_COLOUR },
        data: points.map((p) => ({
          value: scaled(p.value, unit),
          ...(p.partial ? { itemStyle: { color: '#fff', borderColor: PARTIAL_COLOUR, borderWidth: 2 } } : {}),
        })),
      },
      ...(hasTarget
        ? [
            {
              name: 'target',
              type: 'line' as const,
              step: 'middle' as const,
              showSymbol: false,
              lineStyle: { color: TARGET_COLOUR, type: 'dashed' as const, width: 1.5 },
              itemStyle: { color: TARGET_COLOUR },
              data: points.map((p) => scaled(p.target, unit)),
            },
          ]
        : []),
    ],
  };
}

/** A tile's sparkline: the line alone, no axes or labels. */
export function sparklineOption(points: readonly ChartPoint[], unit: string): EChartsOption {
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 2, bottom: 2 },
    xAxis: { type: 'category', show: false, data: points.map((p) => p.periodStart), boundaryGap: false },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        showSymbol: false,
        lineStyle: { color: SERIES_COLOUR, width: 1.5 },
        areaStyle: { color: SERIES_COLOUR, opacity: 0.08 },
        data: points.map((p) => scaled(p.value, unit)),
      },
    ],
  };
}

export interface BarInput {
  readonly name: string;
  readonly value: number | null;
  readonly status?: string | null;
}

export interface BarsChartInput {
  readonly title?: string;
  readonly unit: string;
  readonly bars: readonly BarInput[];
  readonly target?: number | null;
}

/** Bars coloured by status, the target as a dashed line; horizontal when `horizontal`. */
function barsOption(input: BarsChartInput, horizontal: boolean): EChartsOption {
  const { unit, bars } = input;
  const target = scaled(input.target, unit);
  const category = { type: 'category' as const, data: bars.map((b) => b.name) };
  const valueAxis = { type: 'value' as const, name: axisUnit(unit), scale: unit !== 'ratio' && unit !== 'units' };
  return {
    animation: false,
    ...(input.title ? { title: { text: input.title, left: 0, textStyle: { fontSize: 14 } } } : {}),
    grid: { left: horizontal ? 96 : 56, right: 24, top: input.title ? 40 : 24, bottom: 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: horizontal ? valueAxis : category,
    yAxis: horizontal ? { ...category, inverse: true } : valueAxis,
    series: [
      {
        type: 'bar',
        barMaxWidth: 48,
        label: {
          show: true,
          position: horizontal ? 'right' : 'top',
          formatter: (p: { dataIndex: number }) => formatValue(bars[p.dataIndex]?.value ?? null, unit),
        },
        data: bars.map((b) => ({ value: scaled(b.value, unit), itemStyle: { color: statusColour(b.status) } })),
        ...(target !== null
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: TARGET_COLOUR, type: 'dashed' as const },
                label: { formatter: `target ${formatValue(input.target ?? null, unit)}`, position: 'insideEndTop' },
                data: [horizontal ? { xAxis: target } : { yAxis: target }],
              },
            }
          : {}),
      },
    ],
  };
}

/** Every site side by side for one period. */
export function siteBarsOption(input: BarsChartInput): EChartsOption {
  return barsOption(input, false);
}

/** The breakdown (carrier, cost category) for one period, largest first as given. */
export function breakdownOption(input: BarsChartInput): EChartsOption {
  return barsOption(input, true);
}
