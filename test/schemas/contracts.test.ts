/**
 * Every contract accepts a well-formed row, and every cross-field rule rejects the row that breaks
 * it, naming the rule and the column. A rule added without a case here fails the coverage test.
 */
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, type FeedContract, type RuleParams, rowSchema } from '../../schemas/contract.js';
import { contracts } from '../../schemas/index.js';

/** Column values that a generic sample cannot guess (patterns and the timezone rule). */
const NAMED_SAMPLES: Record<string, string> = {
  currency: 'USD',
  from_currency: 'EUR',
  to_currency: 'USD',
  country: 'US',
  kpi: 'on_time_delivery_rate',
  timezone: 'Europe/Berlin',
};

function sample(name: string, spec: ColumnSpec): string {
  if (!spec.required) return '';
  if (NAMED_SAMPLES[name]) return NAMED_SAMPLES[name];
  switch (spec.kind) {
    case 'string':
      return 'X1';
    case 'enum':
      return spec.values[0] ?? '';
    case 'integer':
      return String(Math.min(Math.max(spec.min ?? 1, 1), spec.max ?? Number.MAX_SAFE_INTEGER));
    case 'decimal':
      return String(Math.min(Math.max(spec.min ?? 1, 0.5), spec.max ?? 1e9));
    case 'boolean':
      return 'false';
    case 'date':
      return '2026-03-01';
    case 'timestamp':
      return '2026-03-01T10:00:00Z';
  }
}

const validRow = (contract: FeedContract) =>
  Object.fromEntries(Object.entries(contract.columns).map(([name, spec]) => [name, sample(name, spec)]));

const parse = (contract: FeedContract, row: Record<string, string>) =>
  rowSchema(contract, () => 'America/Chicago').safeParse(row);

/** For each rule: cell values (over a valid row) that break it. */
const BREAKS: Record<string, Record<string, Record<string, string>>> = {
  'erp/sales_orders': {
    promised_delivery_at_not_before_created_at: {
      created_at: '2026-03-02T00:00:00Z',
      promised_delivery_at: '2026-03-01T00:00:00Z',
    },
  },
  'erp/gl_costs': { period_month_first_of_month: { period_month: '2026-03-15' } },
  'erp/budgets': { period_month_first_of_month: { period_month: '2026-03-02' } },
  'erp/vendor_invoices': { service_month_first_of_month: { service_month: '2026-02-28' } },
  'wms/receipts': { put_away_at_not_before_arrived_at: { put_away_at: '2026-03-01T09:59:59Z' } },
  'wms/returns': {
    dispositioned_at_not_before_received_at: { dispositioned_at: '2026-03-01T09:00:00Z', disposition: 'restock' },
    dispositioned_at_with_disposition: { dispositioned_at: '2026-03-02T09:00:00Z' },
  },
  'wms/quality_checks': { defective_units_not_above_inspected_units: { inspected_units: '5', defective_units: '6' } },
  'tms/shipments': {
    delivered_not_before_shipped: { delivered_at: '2026-03-01T09:00:00Z' },
    delivered_has_time: { status: 'delivered' },
  },
  'wfm/timecards': { overtime_hours_not_above_worked_hours: { worked_hours: '8.00', overtime_hours: '8.25' } },
  'wfm/employees': {
    termination_date_not_before_hire_date: { termination_date: '2026-02-28', termination_reason: 'voluntary' },
    termination_date_with_termination_reason: { termination_reason: 'voluntary' },
  },
  'wfm/safety_incidents': {
    rca_closed_at_not_before_occurred_at: { rca_closed: 'true', rca_closed_at: '2026-03-01T09:00:00Z' },
    rca_closed_has_time: { rca_closed: 'true' },
  },
  'reference/sites': { timezone_valid: { timezone: 'Mars/Olympus_Mons' } },
  'reference/kpi_targets': { period_month_first_of_month: { period_month: '2026-03-31' } },
  'reference/fx_rates': {
    period_month_first_of_month: { period_month: '2026-03-31' },
    to_currency_not_from_currency: { from_currency: 'USD' },
  },
  'reference/kpi_commentary': { period_month_first_of_month: { period_month: '2026-03-15' } },
  'reference/rate_cards': { valid_to_not_before_valid_from: { valid_to: '2026-02-28' } },
  'reference/actions': {
    due_on_not_before_opened_on: { due_on: '2026-02-28' },
    closed_on_not_before_opened_on: { status: 'closed', closed_on: '2026-02-28' },
    closed_has_date: { status: 'closed' },
  },
};

describe.each(contracts.map((c) => [c.id, c] as const))('%s', (_id, contract) => {
  it('accepts a well-formed row', () => {
    const result = parse(contract, validRow(contract));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('rejects an empty required column with rule "required"', () => {
    const required = Object.entries(contract.columns).find(([, spec]) => spec.required)?.[0] ?? '';
    const result = parse(contract, { ...validRow(contract), [required]: '  ' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: [required], params: { rule: 'required' } satisfies RuleParams }),
    ]);
  });

  it('has a breaking case for every cross-field rule', () => {
    expect(Object.keys(BREAKS[contract.id] ?? {}).sort()).toEqual(contract.rules.map((r) => r.name).sort());
  });

  for (const rule of contract.rules) {
    it(`rule ${rule.name} rejects the row that breaks it, on column ${rule.column}`, () => {
      const breaking = BREAKS[contract.id]?.[rule.name] ?? {};
      const result = parse(contract, { ...validRow(contract), ...breaking });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toContainEqual(
        expect.objectContaining({ path: [rule.column], params: { rule: rule.name }, message: rule.description }),
      );
    });
  }
});

describe('column constraints', () => {
  const [shipments] = contracts.filter((c) => c.id === 'tms/shipments');
  const contract = shipments as FeedContract;
  const cases: [string, string, string][] = [
    ['units', '-1', 'min'],
    ['units', '1.5', 'integer_format'],
    ['freight_cost', '1,234.50', 'decimal_format'],
    ['freight_cost', '12.345', 'decimal_scale'],
    ['freight_cost', '-0.01', 'min'],
    ['currency', 'usd', 'pattern'],
    ['status', 'lost', 'enum'],
    ['shipped_at', '2026-02-30T10:00:00Z', 'timestamp_valid'],
    ['shipped_at', '2026-03-01 25:00', 'timestamp_valid'],
    ['shipped_at', '03/01/2026', 'timestamp_format'],
    ['shipped_at', '2026-03-01T10:00:00.1234567Z', 'timestamp_precision'],
    ['shipped_at', '1850-03-01T10:00:00Z', 'timestamp_range'],
  ];
  it.each(cases)('%s = %j is rejected with rule %s', (column, value, rule) => {
    const result = parse(contract, { ...validRow(contract), [column]: value });
    expect(result.error?.issues).toContainEqual(expect.objectContaining({ path: [column], params: { rule } }));
  });

  it('normalises money to unscaled cents and instants to UTC microseconds', () => {
    const result = parse(contract, {
      ...validRow(contract),
      freight_cost: '1234.5',
      shipped_at: '2026-03-01T04:00:00.000250-06:00',
      promised_delivery_at: '2026-03-01T10:00:00.000250Z',
    });
    expect(result.data?.freight_cost).toBe(123450);
    expect(result.data?.shipped_at).toBe(Date.UTC(2026, 2, 1, 10) * 1000 + 250);
    expect(result.data?.promised_delivery_at).toBe(result.data?.shipped_at);
  });

  it('reads a zone-less time in the site timezone, across a DST change', () => {
    // America/Chicago is UTC−6 in winter and UTC−5 from 2026-03-08 02:00 local.
    const winter = parse(contract, {
      ...validRow(contract),
      shipped_at: '2026-03-07T10:00',
      promised_delivery_at: '2026-03-09T10:00:00Z',
    });
    const summer = parse(contract, {
      ...validRow(contract),
      shipped_at: '2026-03-09T10:00',
      promised_delivery_at: '2026-03-09T16:00:00Z',
    });
    expect(winter.data?.shipped_at).toBe(Date.UTC(2026, 2, 7, 16) * 1000);
    expect(summer.data?.shipped_at).toBe(Date.UTC(2026, 2, 9, 15) * 1000);
  });

  it('accepts a shipment that leaves after its promised delivery: it is late, not invalid', () => {
    const result = parse(contract, {
      ...validRow(contract),
      shipped_at: '2026-03-05T15:00:00Z',
      promised_delivery_at: '2026-03-04T23:00:00Z',
      delivered_at: '2026-03-06T18:00:00Z',
      status: 'delivered',
    });
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data?.promised_delivery_at).toBeLessThan(result.data?.shipped_at as number);
  });

  it('reads a zone-less time in the spring-forward gap with the offset before it (Chicago 02:30 → 08:30Z)', () => {
    const result = parse(contract, { ...validRow(contract), shipped_at: '2026-03-08T02:30' });
    expect(result.data?.shipped_at).toBe(Date.UTC(2026, 2, 8, 8, 30) * 1000);
  });

  it('rejects a zone-less time when the site has no known timezone', () => {
    const result = rowSchema(contract, () => undefined).safeParse({
      ...validRow(contract),
      shipped_at: '2026-03-07T10:00',
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['shipped_at'], params: { rule: 'timezone_known' } }),
    ]);
  });
});
