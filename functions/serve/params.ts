/**
 * Request parameters, validated with zod against what the warehouse knows: KPI names from the
 * registry, sites and regions from dim_site, calendar days, grains. A request that fails gets a
 * 400 naming the parameter and what it accepts; nothing from a request is ever SQL text.
 */
import { z } from 'zod';
import {
  customPeriod,
  type Dimensions,
  type KpiDefinition,
  monthPeriod,
  type Period,
  parseDay,
  type Scope,
  weekPeriod,
} from '../kpis/index.js';

export interface ValidationContext {
  readonly registry: readonly KpiDefinition[];
  readonly dimensions: Dimensions;
  /** The period shown when a request names none (the latest whole month). */
  readonly defaultMonth: string | null;
}

export class BadRequest extends Error {}

const isDay = (s: string) => {
  try {
    parseDay(s);
    return true;
  } catch {
    return false;
  }
};

const day = z.string().refine(isDay, { message: 'expected a calendar day YYYY-MM-DD' });
const month = z
  .string()
  .refine((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m) && isDay(`${m}-01`), { message: 'expected a month YYYY-MM' });

/** The most rows one drill-down page may ask for. */
export const MAX_PAGE_SIZE = 500;

function scopeSchema(ctx: ValidationContext) {
  const sites = ctx.dimensions.sites.map((s) => s.siteId);
  return z
    .string()
    .default('company')
    .transform((raw, c): Scope => {
      if (raw === 'company') return { level: 'company', id: 'company' };
      const [level, ...rest] = raw.split(':');
      const id = rest.join(':');
      if (level === 'site' && sites.includes(id)) return { level, id };
      if (level === 'region' && ctx.dimensions.regions.includes(id)) return { level, id };
      c.addIssue({
        code: 'custom',
        message:
          level === 'site'
            ? `no site "${id}" (sites: ${sites.join(', ')})`
            : level === 'region'
              ? `no region "${id}" (regions: ${ctx.dimensions.regions.join(', ')})`
              : `expected company, region:<region> or site:<site id>, got "${raw}"`,
      });
      return z.NEVER;
    });
}

function kpiSchema(ctx: ValidationContext) {
  const names = ctx.registry.map((k) => k.kpi);
  return z.string().refine((k) => names.includes(k), { message: `unknown KPI (known: ${names.join(', ')})` });
}

const periodFields = { month: month.optional(), week: day.optional(), from: day.optional(), to: day.optional() };

type PeriodFields = {
  month?: string | undefined;
  week?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

function periodOf(fields: PeriodFields, ctx: ValidationContext): Period {
  const forms = [
    fields.month !== undefined,
    fields.week !== undefined,
    fields.from !== undefined || fields.to !== undefined,
  ];
  if (forms.filter(Boolean).length > 1) throw new BadRequest('period: give one of month, week, or from and to');
  try {
    if (fields.month) return monthPeriod(fields.month);
    if (fields.week) return weekPeriod(fields.week);
    if (fields.from !== undefined || fields.to !== undefined) {
      if (!fields.from || !fields.to) throw new BadRequest('period: a custom range needs both from and to');
      return customPeriod(fields.from, fields.to);
    }
  } catch (error) {
    if (error instanceof RangeError) throw new BadRequest(`period: ${error.message}`);
    throw error;
  }
  if (!ctx.defaultMonth) throw new BadRequest('period: the warehouse has no KPI data to choose a default from');
  return monthPeriod(ctx.defaultMonth);
}

/** One line per bad parameter: its name, then why (an unknown one with the names the endpoint takes). */
function issueLines(issue: z.core.$ZodIssue, accepted: readonly string[]): string[] {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((k) => `${k}: not a parameter of this endpoint (it takes ${accepted.join(', ')})`);
  return [`${issue.path.join('.') || 'request'}: ${issue.message}`];
}

/** Parses `query` with `schema`; a failure becomes a BadRequest naming each bad parameter once. */
function parse<T extends z.ZodObject>(schema: T, query: Record<string, string>): z.output<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const accepted = Object.keys(schema.shape);
    throw new BadRequest([...new Set(result.error.issues.flatMap((i) => issueLines(i, accepted)))].join('; '));
  }
  return result.data;
}

export function parseScorecard(query: Record<string, string>, ctx: ValidationContext) {
  const fields = parse(z.strictObject({ scope: scopeSchema(ctx), ...periodFields }), query);
  return { scope: fields.scope, period: periodOf(fields, ctx) };
}

export function parseKpi(kpi: string, ctx: ValidationContext): KpiDefinition {
  parse(z.object({ kpi: kpiSchema(ctx) }), { kpi });
  const definition = ctx.registry.find((k) => k.kpi === kpi);
  if (!definition) throw new BadRequest(`kpi: unknown KPI ${kpi}`);
  return definition;
}

export function parseTrend(query: Record<string, string>, ctx: ValidationContext) {
  const fields = parse(
    z.strictObject({
      scope: scopeSchema(ctx),
      grain: z.enum(['day', 'week', 'month']).default('month'),
      from: day,
      to: day,
    }),
    query,
  );
  if (fields.to < fields.from) throw new BadRequest(`to: ${fields.to} is before from ${fields.from}`);
  return fields;
}

export function parsePeriodOnly(query: Record<string, string>, ctx: ValidationContext) {
  const fields = parse(z.strictObject({ scope: scopeSchema(ctx), ...periodFields }), query);
  return { scope: fields.scope, period: periodOf(fields, ctx) };
}

export function parseRows(query: Record<string, string>, ctx: ValidationContext) {
  return parse(
    z.strictObject({
      scope: scopeSchema(ctx),
      from: day,
      to: day,
      breakdown: z.string().max(200).optional(),
      sort: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/, { message: 'expected a column name' })
        .optional(),
      order: z.enum(['asc', 'desc']).default('asc'),
      page: z.coerce.number().int().min(1).default(1),
      page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
    }),
    query,
  );
}

export function parseQuality(query: Record<string, string>) {
  const fields = parse(z.strictObject({ from: day.optional(), to: day.optional() }), query);
  if (fields.from && fields.to && fields.to < fields.from)
    throw new BadRequest(`to: ${fields.to} is before from ${fields.from}`);
  return fields;
}

/** The data products' pages: a scope and a month (default: the latest whole month). */
export function parseProduct(query: Record<string, string>, ctx: ValidationContext) {
  const fields = parse(z.strictObject({ scope: scopeSchema(ctx), month: month.optional() }), query);
  const chosen = fields.month ?? ctx.defaultMonth;
  if (!chosen) throw new BadRequest('month: the warehouse has no KPI data to choose a default from');
  return { scope: fields.scope, month: chosen };
}
