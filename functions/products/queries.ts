/**
 * Reads of the four data products (docs/bill-audit.md, docs/scorecards.md, docs/action-register.md,
 * docs/labour-plan.md) for one scope and month — one set of SQL shared by the dashboard
 * (functions/serve) and the monthly report (functions/report). Scope and month reach SQL only as
 * bound values; the statement texts are constants of this file.
 */
import { type Scope, siteInScopeFilter } from '../kpis/scope.js';
import { type Cell, type Param, type QueryEngine, queryObjects } from '../query/engine.js';

export interface ProductQuery {
  readonly sql: string;
  readonly params: readonly Param[];
}

export type ProductRow = Record<string, Cell>;

/** A month's table of one product, for the scope's sites, in the order the product ranks it. */
function monthly(table: string, monthColumn: string, orderBy: string, scope: Scope, month: string): ProductQuery {
  const sites = siteInScopeFilter(scope, 'site_id');
  return {
    sql: `select * from ${table} where ${monthColumn} = cast(? as date) and ${sites.sql} order by ${orderBy}`,
    params: [`${month}-01`, ...sites.params],
  };
}

/** The dispute list to send the vendor (exportable as CSV). */
export const disputesQuery = (scope: Scope, month: string) =>
  monthly('bill_audit_disputes', 'service_month', 'abs(amount_variance) desc, invoice_id, line_number', scope, month);

/** Per carrier and site: on-time, damage, cost per unit, volume share, rank. */
export const carrierScorecardQuery = (scope: Scope, month: string) =>
  monthly('scorecard_carrier_monthly', 'month_start', 'site_id, on_time_rank nulls last, carrier_id', scope, month);

/** Per vendor and site: in-full, defects, billing accuracy, cost per unit, rank. */
export const vendorScorecardQuery = (scope: Scope, month: string) =>
  monthly('scorecard_vendor_monthly', 'month_start', 'site_id, in_full_rank nulls last, vendor_id', scope, month);

async function rows(engine: QueryEngine, query: ProductQuery): Promise<ProductRow[]> {
  const out = await queryObjects<ProductRow>(engine, query.sql, [...query.params]);
  // JSON has no 64-bit integers; the counts here are far below 2^53.
  return out.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  );
}

export interface BillAudit {
  readonly month: string;
  /** One row per currency: amounts in different currencies are never added up. */
  readonly summary: ProductRow[];
  readonly disputes: ProductRow[];
  readonly accruals: ProductRow[];
}

export async function billAudit(engine: QueryEngine, scope: Scope, month: string): Promise<BillAudit> {
  const sites = siteInScopeFilter(scope, 'site_id');
  const params = [`${month}-01`, ...sites.params];
  const summary = await rows(engine, {
    sql: `with audited as (
        select currency_code, sum(invoice_lines) as invoice_lines, sum(disputed_lines) as disputed_lines,
          cast(sum(billed_amount) as decimal(18, 2)) as billed_amount,
          cast(sum(overbilled_amount) as decimal(18, 2)) as overbilled_amount,
          cast(sum(amount_variance) as decimal(18, 2)) as amount_variance
        from bill_audit_monthly where service_month = cast(? as date) and ${sites.sql} group by currency_code),
      accrued as (
        select currency_code, cast(sum(accrual_amount) as decimal(18, 2)) as accrual_amount
        from fct_bill_accruals where service_month = cast(? as date) and ${sites.sql} group by currency_code)
      select coalesce(audited.currency_code, accrued.currency_code) as currency_code,
        coalesce(invoice_lines, 0) as invoice_lines, coalesce(disputed_lines, 0) as disputed_lines,
        cast(invoice_lines - disputed_lines as double) / nullif(invoice_lines, 0) as billing_accuracy_rate,
        billed_amount, overbilled_amount, amount_variance, accrual_amount
      from audited full join accrued on audited.currency_code = accrued.currency_code
      order by currency_code`,
    params: [...params, ...params],
  });
  return {
    month,
    summary,
    disputes: await rows(engine, disputesQuery(scope, month)),
    accruals: await rows(engine, monthly('fct_bill_accruals', 'service_month', 'accrual_amount desc', scope, month)),
  };
}

export interface Scorecards {
  readonly month: string;
  readonly carriers: ProductRow[];
  readonly vendors: ProductRow[];
}

export async function scorecards(engine: QueryEngine, scope: Scope, month: string): Promise<Scorecards> {
  return {
    month,
    carriers: await rows(engine, carrierScorecardQuery(scope, month)),
    vendors: await rows(engine, vendorScorecardQuery(scope, month)),
  };
}

export interface ActionRegister {
  readonly month: string;
  readonly redWithoutAction: ProductRow[];
  readonly overdue: ProductRow[];
  readonly backlog: ProductRow[];
  readonly beforeAfter: ProductRow[];
}

/** Red KPIs of the month with no action, open actions overdue, the ranked backlog, closed actions' before/after. */
export async function actionRegister(engine: QueryEngine, scope: Scope, month: string): Promise<ActionRegister> {
  const sites = siteInScopeFilter(scope, 'site_id');
  const scoped = (sql: string, extra: Param[] = []): ProductQuery => ({ sql, params: [...extra, ...sites.params] });
  return {
    month,
    redWithoutAction: await rows(
      engine,
      monthly('kpi_red_without_action', 'month_start', 'kpi, site_id', scope, month),
    ),
    overdue: await rows(
      engine,
      scoped(`select * from action_backlog where is_overdue and ${sites.sql} order by days_overdue desc, action_id`),
    ),
    backlog: await rows(
      engine,
      scoped(`select * from action_backlog where ${sites.sql} order by impact_per_cost desc nulls last, action_id`),
    ),
    beforeAfter: await rows(
      engine,
      scoped(
        `select * from action_kpi_before_after where closed_on < cast(? as date) + interval '1' month and ${sites.sql}
         order by closed_on desc, action_id`,
        [`${month}-01`],
      ),
    ),
  };
}

export interface LabourPlan {
  readonly weeks: ProductRow[];
  readonly backtest: ProductRow[];
}

/** The staffing gap per site and week of the plan's horizon, and the forecast's backtest error. */
export async function labourPlan(engine: QueryEngine, scope: Scope): Promise<LabourPlan> {
  const sites = siteInScopeFilter(scope, 'site_id');
  return {
    weeks: await rows(engine, {
      sql: `select * from labour_plan_weekly where ${sites.sql} order by site_id, week_start`,
      params: sites.params,
    }),
    backtest: await rows(engine, {
      sql: `select * from forecast_backtest where ${sites.sql} order by site_id`,
      params: sites.params,
    }),
  };
}
