/**
 * Server-side rendering of an option to SVG text with ECharts' own SSR renderer (no DOM, no
 * canvas) — for the report and for tests that check an option really draws.
 */

import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts';

export function renderSvg(option: EChartsOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
