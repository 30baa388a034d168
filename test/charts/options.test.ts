/**
 * The option builders draw: each option is rendered to SVG by ECharts' own SSR renderer and the
 * drawing is checked for the things a reader needs (values, target, status colours).
 */
import { describe, expect, it } from 'vitest';
import {
  breakdownOption,
  formatChange,
  formatValue,
  STATUS_COLOURS,
  siteBarsOption,
  sparklineOption,
  trendOption,
} from '../../functions/charts/index.js';
import { legendLines, siteTrendsOption } from '../../functions/charts/site-trends.js';
import { renderSvg } from '../../functions/charts/svg.js';

const size = { width: 600, height: 300 };

describe('chart options', () => {
  it('trend: values in the unit people read, a dashed target line, partial points hollow', () => {
    const option = trendOption({
      title: 'On-time delivery',
      unit: 'ratio',
      points: [
        { periodStart: '2026-01-01', value: 0.9, target: 0.95 },
        { periodStart: '2026-02-01', value: 0.8, target: 0.95, partial: true },
      ],
    });
    const series = option.series as { name: string; data: unknown[] }[];
    expect(series.map((s) => s.name)).toEqual(['value', 'target']);
    expect(series[0]?.data).toEqual([
      { value: 90 },
      { value: 80, itemStyle: expect.objectContaining({ color: '#fff' }) },
    ]);
    expect(series[1]?.data).toEqual([95, 95]);
    const svg = renderSvg(option, size);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('On-time delivery');
    expect(svg).toContain('2026-02-01');
    expect(svg).toContain('stroke-dasharray');
  });

  it('trend without a target has no target series', () => {
    const option = trendOption({ unit: 'units', points: [{ periodStart: '2026-01-05', value: 400, target: null }] });
    expect((option.series as unknown[]).length).toBe(1);
    expect(renderSvg(option, size)).toContain('2026-01-05');
  });

  it('sparkline: one line, no axes', () => {
    const option = sparklineOption(
      [
        { periodStart: 'a', value: 1 },
        { periodStart: 'b', value: 3 },
      ],
      'hours',
    );
    expect((option.xAxis as { show: boolean }).show).toBe(false);
    const svg = renderSvg(option, { width: 120, height: 32 });
    expect(svg).toContain('<path');
    expect(svg).not.toContain('>a<');
  });

  it('site bars and breakdown: bars coloured by status, labelled with formatted values, target marked', () => {
    const input = {
      unit: 'ratio',
      target: 0.95,
      bars: [
        { name: 'S1', value: 0.9333, status: 'amber' },
        { name: 'S2', value: 0.75, status: 'red' },
      ],
    };
    for (const option of [siteBarsOption(input), breakdownOption(input)]) {
      const svg = renderSvg(option, size);
      expect(svg).toContain(STATUS_COLOURS.amber);
      expect(svg).toContain(STATUS_COLOURS.red);
      expect(svg).toContain('93.3%');
      expect(svg).toContain('target 95.0%');
      expect(svg).toContain('S2');
    }
  });
});

describe('site trends', () => {
  const months = ['2025-01-01', '2025-02-01', '2025-03-01'];
  const sites = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `S${i + 1} Distribution Centre`, values: [0.9, 0.91, 0.92] }));

  it('wraps the legend onto more lines as sites are added, and leaves the grid room for them', () => {
    expect(legendLines(['S1 Chicago DC', 'target'], 500)).toBe(1);
    const many = sites(9).map((s) => s.name);
    expect(legendLines(many, 500)).toBeGreaterThan(2);
    const bottom = (n: number) =>
      (siteTrendsOption({ title: 't', unit: 'ratio', months, sites: sites(n), width: 500 }).grid as { bottom: number })
        .bottom;
    expect(bottom(9) - bottom(2)).toBe(
      16 *
        (legendLines(many, 500) -
          legendLines(
            sites(2).map((s) => s.name),
            500,
          )),
    );
    // Every site is drawn and named.
    const svg = renderSvg(siteTrendsOption({ title: 't', unit: 'ratio', months, sites: sites(9), width: 500 }), {
      width: 500,
      height: 300,
    });
    for (const s of sites(9)) expect(svg).toContain(s.name);
  });
});

describe('formatting', () => {
  it('formats by unit', () => {
    expect(formatValue(0.9333, 'ratio')).toBe('93.3%');
    expect(formatValue(0.004, 'ratio')).toBe('0.40%');
    expect(formatValue(5.3657, 'percent')).toBe('5.4%');
    expect(formatValue(204.144, 'currency')).toBe('204.14');
    expect(formatValue(12345.6, 'units')).toBe('12,346');
    expect(formatValue(7.2809, 'hours')).toBe('7.28');
    expect(formatValue(null, 'hours')).toBe('–');
    // Negative values carry a true minus (U+2212), as changes do.
    expect(formatValue(-0.0548, 'percent')).toBe('−0.1%');
    expect(formatValue(-0.004, 'ratio')).toBe('−0.40%');
    expect(formatValue(-12.5, 'currency')).toBe('−12.50');
  });

  it('formats changes: ratios in percentage points', () => {
    expect(formatChange(-0.0714, 'ratio')).toBe('−7.1 pp');
    expect(formatChange(2.33, 'percent')).toBe('+2.3 pp');
    expect(formatChange(-24.07, 'currency')).toBe('−24.07');
    expect(formatChange(0, 'units')).toBe('±0');
    expect(formatChange(null, 'units')).toBe('–');
  });
});
