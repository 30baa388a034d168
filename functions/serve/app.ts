/**
 * The dashboard's Hono app: a read-only JSON API under /api/ (docs/dashboard.md) and the page.
 * Every read goes through the query module (functions/query) and the shared KPI reads
 * (functions/kpis); request parameters are validated first (params.ts) and reach SQL only as
 * bound values.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import {
  breakdown,
  COMPANY,
  type Dimensions,
  DrilldownError,
  dataCoverage,
  drilldown,
  drilldownQuery,
  isPartial,
  type KpiDefinition,
  loadDimensions,
  loadRegistry,
  monthPeriod,
  type QualitySources,
  qualityReport,
  scorecard,
  siteComparison,
  trend,
} from '../kpis/index.js';
import { workspace } from '../local/workspace.js';
import { writeCsv } from '../query/csv-writer.js';
import { DuckDBEngine } from '../query/duckdb-engine.js';
import { type QueryEngine, queryObjects } from '../query/engine.js';
import {
  BROWSER_MODULES,
  type BrowserModuleFolder,
  echartsModule,
  indexHtml,
  pageFile,
  sharedModule,
} from './assets.js';
import { AuditCache } from './audit-cache.js';
import { CurrentBuild } from './current-build.js';
import {
  BadRequest,
  parseKpi,
  parsePeriodOnly,
  parseQuality,
  parseRows,
  parseScorecard,
  parseTrend,
  type ValidationContext,
} from './params.js';
import { productRoutes } from './products.js';
import { ResponseCache } from './response-cache.js';
import { Serial } from './serial.js';

export interface Dashboard {
  readonly app: Hono;
  /** What the page needs to start: registry, sites, regions, the data's days, the default month. */
  readonly meta: DashboardMeta;
  close(): Promise<void>;
}

export interface DashboardMeta {
  readonly registry: readonly KpiDefinition[];
  readonly dimensions: Dimensions;
  readonly coverage: { readonly firstDay: string | null; readonly lastDay: string | null };
  readonly defaultMonth: string | null;
  /** The currency money KPIs are in at every scope (kpi_monthly.currency_code); null with no money rows. */
  readonly reportingCurrency: string | null;
}

/** Only the page's own files run: no CDN, no inline script; ECharts sets inline styles. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The month shown when a request names none: the latest month with KPI data that the data covers
 * whole, else the latest month with data (shown marked partial).
 */
export function defaultMonthOf(months: readonly string[], coverage: DashboardMeta['coverage']): string | null {
  const sorted = [...months].sort().reverse();
  const whole = sorted.find((m) => !isPartial(monthPeriod(m), coverage));
  return whole ?? sorted[0] ?? null;
}

async function reportingCurrencyOf(engine: QueryEngine): Promise<string | null> {
  const [row] = await queryObjects<{ currency: string | null }>(
    engine,
    'select min(currency_code) as currency from kpi_monthly where currency_code is not null',
  );
  return row?.currency ?? null;
}

async function monthsWithData(engine: QueryEngine): Promise<string[]> {
  const rows = await queryObjects<{ month: string }>(
    engine,
    "select distinct strftime(month_start, '%Y-%m') as month from kpi_monthly order by month",
  );
  return rows.map((r) => r.month);
}

/** The views' paths: each answers the one page, and web/app.js picks the view from the path. */
const PAGE_PATHS = ['/', '/kpi/:kpi', '/quality', '/products'] as const;

/** A cache key from a request as validated (so two spellings of one view share an answer). */
const key = (endpoint: string, ...request: unknown[]) => `${endpoint}:${JSON.stringify(request)}`;

/** What the dashboard reads once per build. */
interface BuildState {
  readonly meta: DashboardMeta;
  readonly ctx: ValidationContext;
  /** This build's answers, by validated request (the build never changes while it is open). */
  readonly answers: ResponseCache;
}

async function loadBuildState(engine: QueryEngine): Promise<BuildState> {
  const registry = await loadRegistry(engine);
  const dimensions = await loadDimensions(engine);
  const coverage = await dataCoverage(engine, COMPANY);
  const defaultMonth = defaultMonthOf(await monthsWithData(engine), coverage);
  return {
    meta: { registry, dimensions, coverage, defaultMonth, reportingCurrency: await reportingCurrencyOf(engine) },
    ctx: { registry, dimensions, defaultMonth },
    answers: new ResponseCache(),
  };
}

export interface DashboardOptions {
  /**
   * Opens the warehouse; the bench passes one that records each statement so it can time the same
   * SQL on DuckDB alone. @default DuckDBEngine.open
   */
  readonly openEngine?: (warehouse: string) => Promise<QueryEngine>;
}

export async function createDashboard(home: string, options: DashboardOptions = {}): Promise<Dashboard> {
  const ws = workspace(home);
  const open = options.openEngine ?? ((path: string) => DuckDBEngine.open(path));
  const build = await CurrentBuild.open(ws.warehouse, open, loadBuildState);
  const auditBuild = await CurrentBuild.open(ws.warehouse, open, async () => null);
  const serial = new Serial();
  const audit = new AuditCache(async () => (await auditBuild.current()).engine, ws.lakeDir, ws.warehouse);
  // Start reading the audit log now: the data-quality page should not wait for its first scan.
  audit.attempts().catch(() => undefined);
  /** A turn on the engine of the current build (a finished `opslake build` is picked up here). */
  const read: Read = (work) =>
    serial.run(async () => {
      const { engine, state } = await build.current();
      return work(engine, state);
    });

  const app = new Hono();
  securityAndErrors(app);
  kpiRoutes(app, read);
  rowRoutes(app, read);
  qualityRoute(app, read, audit, {
    quarantineDir: ws.buckets.quarantine.root,
    dbtTargetDir: `${ws.home}/dbt-target`,
  });
  productRoutes(app, read);
  unknownApiRoute(app);
  pageRoutes(app);

  return {
    app,
    get meta() {
      return build.latest.state.meta;
    },
    async close() {
      await serial.run(async () => {
        await build.close();
        await auditBuild.close();
      });
    },
  };
}

/** A turn on the current build's engine, with what the dashboard read from that build. */
type Read = <R>(work: (engine: QueryEngine, state: BuildState) => Promise<R>) => Promise<R>;

/** The security headers on every answer, and errors as JSON: a bad request 400, anything else 500. */
function securityAndErrors(app: Hono): void {
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });
  app.onError((error, c) => {
    if (error instanceof BadRequest || error instanceof DrilldownError) return c.json({ error: error.message }, 400);
    console.error(error);
    return c.json({ error: `internal error: ${error.message}` }, 500);
  });
}

/** The page's start (meta), the scorecard, and a KPI's definition, trend, sites and breakdown. */
function kpiRoutes(app: Hono, read: Read): void {
  app.get('/api/meta', async (c) => c.json(await read(async (_, { meta }) => meta)));
  app.get('/api/scorecard', async (c) => {
    const card = await read((engine, { meta, ctx, answers }) => {
      const { scope, period } = parseScorecard(c.req.query(), ctx);
      return answers.get(key('scorecard', scope, period), () => scorecard(engine, meta.registry, scope, period));
    });
    return c.json(card);
  });
  app.get('/api/kpis/:kpi', async (c) => c.json(await read(async (_, { ctx }) => parseKpi(c.req.param('kpi'), ctx))));
  app.get('/api/kpis/:kpi/trend', async (c) => {
    const body = await read(async (engine, { ctx, answers }) => {
      const kpi = parseKpi(c.req.param('kpi'), ctx).kpi;
      const request = { kpi, ...parseTrend(c.req.query(), ctx) };
      return answers.get(key('trend', request), async () => ({ ...request, points: await trend(engine, request) }));
    });
    return c.json(body);
  });
  app.get('/api/kpis/:kpi/sites', async (c) => {
    const body = await read(async (engine, { ctx, answers }) => {
      const kpi = parseKpi(c.req.param('kpi'), ctx).kpi;
      const { period } = parsePeriodOnly(c.req.query(), ctx);
      return answers.get(key('sites', kpi, period), async () => ({
        kpi,
        period,
        sites: await siteComparison(engine, kpi, period),
      }));
    });
    return c.json(body);
  });
  app.get('/api/kpis/:kpi/breakdown', async (c) => {
    const body = await read(async (engine, { ctx, answers }) => {
      const definition = parseKpi(c.req.param('kpi'), ctx);
      const { scope, period } = parsePeriodOnly(c.req.query(), ctx);
      return answers.get(key('breakdown', definition.kpi, scope, period), async () => {
        const rows = definition.breakdown === 'all' ? [] : await breakdown(engine, definition.kpi, scope, period);
        return { kpi: definition.kpi, dimension: definition.breakdown, scope, period, rows };
      });
    });
    return c.json(body);
  });
}

/** A drill-down request as validated, in the shape functions/kpis' drilldown takes. */
function rowsRequest(kpi: string, query: Record<string, string>, ctx: ValidationContext) {
  const q = parseRows(query, ctx);
  return {
    kpi,
    scope: q.scope,
    from: q.from,
    to: q.to,
    ...(q.breakdown !== undefined ? { breakdownValue: q.breakdown } : {}),
    ...(q.sort !== undefined ? { sort: q.sort } : {}),
    descending: q.order === 'desc',
    page: q.page,
    pageSize: q.page_size,
  };
}

/** The rows behind a KPI: a page of them as JSON, or all of them as a CSV download. */
function rowRoutes(app: Hono, read: Read): void {
  app.get('/api/kpis/:kpi/rows', async (c) => {
    const page = await read((engine, { ctx, answers }) => {
      const request = rowsRequest(parseKpi(c.req.param('kpi'), ctx).kpi, c.req.query(), ctx);
      return answers.get(key('rows', request), () => drilldown(engine, request));
    });
    return c.json({ ...page, rows: page.rows.map((r) => r.map((v) => (typeof v === 'bigint' ? v.toString() : v))) });
  });
  app.get('/api/kpis/:kpi/rows.csv', async (c) => {
    // Checked before the response starts, so a bad sort column is still a 400.
    const { request, query } = await read(async (engine, { ctx }) => {
      const request = rowsRequest(parseKpi(c.req.param('kpi'), ctx).kpi, c.req.query(), ctx);
      return { request, query: await drilldownQuery(engine, request) };
    });
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header(
      'content-disposition',
      `attachment; filename="${request.kpi}_${request.scope.id}_${request.from}_${request.to}.csv"`,
    );
    return stream(c, (out) =>
      read(async (engine) => {
        const result = await engine.query(query.sql, query.params);
        await writeCsv(result, { write: (text) => out.write(text).then(() => undefined) }, { spreadsheetSafe: true });
      }),
    );
  });
}

function qualityRoute(app: Hono, read: Read, audit: AuditCache, sources: QualitySources): void {
  const answersByAudit = new WeakMap<object, ResponseCache>();
  app.get('/api/quality', async (c) => {
    const request = parseQuality(c.req.query());
    const attempts = await audit.attempts();
    // Keyed by the audit read: a new ingest or build gives a new one (AuditCache), and with it
    // new quarantine files or test results, so the answers go with it.
    const cache = answersByAudit.get(attempts) ?? new ResponseCache();
    answersByAudit.set(attempts, cache);
    return c.json(
      await read((engine) =>
        cache.get(key('quality', request), () => qualityReport(engine, sources, attempts, request)),
      ),
    );
  });
}

/** Registered after every API route, so only a path none of them matched gets here. */
function unknownApiRoute(app: Hono): void {
  app.all('/api/*', (c) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? c.json({ error: `no such endpoint: ${c.req.path} (see docs/dashboard.md)` }, 404)
      : c.json({ error: 'the dashboard is read-only: GET only' }, 405),
  );
}

/** The page at each view's path, and what it loads: ECharts, the shared modules, its own files. */
function pageRoutes(app: Hono): void {
  const html = async () => {
    const asset = await indexHtml();
    return new Response(asset.body, { headers: { 'content-type': asset.type } });
  };
  for (const path of PAGE_PATHS) app.get(path, html);
  app.get('/vendor/echarts.js', async (c) => {
    const asset = await echartsModule();
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': asset.type });
  });
  for (const folder of Object.keys(BROWSER_MODULES) as BrowserModuleFolder[]) {
    app.get(`/${folder}/:file`, async (c) => {
      const asset = sharedModule(folder, c.req.param('file').replace(/\.js$/, ''));
      if (!asset) return c.text('not found', 404);
      const { body, type } = await asset;
      return c.body(body as string, 200, { 'content-type': type });
    });
  }
  app.get('/web/:file', async (c) => {
    const asset = pageFile(c.req.path);
    if (!asset) return c.text('not found', 404);
    const { body, type } = await asset;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': type });
  });
}
