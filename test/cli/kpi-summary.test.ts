/** The demo's KPI summary formatting: values in their unit, status marks, one column per site. */
import { describe, expect, it } from 'vitest';
import { formatValue as formatKpiValue } from '../../functions/charts/format.js';
import { summaryTable } from '../../functions/local/kpi-summary.js';

describe("the summary formats values with the dashboard's formatter (charts/format.ts)", () => {
  it('shows ratios as percentages, percent as is, money with cents, units whole', () => {
    expect(formatKpiValue(0.95123, 'ratio')).toBe('95.1%');
    expect(formatKpiValue(0.00043, 'ratio')).toBe('0.04%');
    expect(formatKpiValue(0, 'ratio')).toBe('0.0%');
    expect(formatKpiValue(-3.25, 'percent')).toBe('−3.3%');
    expect(formatKpiValue(12.5, 'currency')).toBe('12.50');
    expect(formatKpiValue(12345.6, 'units')).toBe('12,346');
    expect(formatKpiValue(7.123, 'hours')).toBe('7.12');
    expect(formatKpiValue(31.26, 'hours')).toBe('31.3');
    expect(formatKpiValue(null, 'ratio')).toBe('–');
  });
});

describe('summaryTable', () => {
  it('puts sites then company in columns and marks red and amber cells', () => {
    const table = summaryTable({
      month: '2026-03-01',
      wholeMonth: true,
      sites: ['S1', 'S2'],
      rows: [
        {
          kpi: 'on_time_delivery_rate',
          label: 'On-time delivery rate',
          unit: 'ratio',
          direction: 'higher_is_better',
          breakdown: 'all',
          currency: null,
          cells: {
            S1: { value: 0.96, status: 'green' },
            S2: { value: 0.5, status: 'red' },
            company: { value: 0.93, status: 'amber' },
          },
        },
        {
          kpi: 'cost_per_order',
          label: 'Cost per order',
          unit: 'currency',
          direction: 'lower_is_better',
          breakdown: 'all',
          currency: 'USD',
          cells: { S1: { value: 331, status: 'red' }, company: { value: 253.4, status: 'amber' } },
        },
      ],
    });
    expect(table.headers).toEqual(['kpi', 'unit', 'S1', 'S2', 'company']);
    expect(table.rows).toEqual([
      ['On-time delivery rate', 'ratio', '96.0%  ', '50.0% ✗', '93.0% !'],
      // Money in the reporting currency, named in the unit column.
      ['Cost per order', 'USD', '331.00 ✗', '–', '253.40 !'],
    ]);
  });
});
