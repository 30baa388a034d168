/**
 * The data products' part of the JSON API (docs/dashboard.md): bill audit, scorecards, action
 * register and labour plan for a scope and month, and CSV downloads of the dispute list and the
 * scorecards. The SQL is functions/products/queries.ts, shared with the monthly report.
 */
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { Scope } from '../kpis/index.js';
import {
  actionRegister,
  billAudit,
  carrierScorecardQuery,
  disputesQuery,
  labourPlan,
  type ProductQuery,
  scorecards,
  vendorScorecardQuery,
} from '../products/queries.js';
import { writeCsv } from '../query/csv-writer.js';
import type { QueryEngine } from '../query/engine.js';
import { parseProduct, type ValidationContext } from './params.js';
import type { ResponseCache } from './response-cache.js';

type Read = <R>(
  work: (engine: QueryEngine, state: { ctx: ValidationContext; answers: ResponseCache }) => Promise<R>,
) => Promise<R>;

type Answer = (engine: QueryEngine, request: { scope: Scope; month: string }) => Promise<object>;

/** The JSON endpoints, by path: each a read of functions/products/queries.ts for a scope and month. */
const ENDPOINTS: Readonly<Record<string, Answer>> = {
  '/api/products/bill-audit': (engine, { scope, month }) => billAudit(engine, scope, month),
  '/api/products/scorecards': (engine, { scope, month }) => scorecards(engine, scope, month),
  '/api/products/actions': (engine, { scope, month }) => actionRegister(engine, scope, month),
  // The plan is as of the build, whichever month is asked for.
  '/api/products/labour-plan': (engine, { scope }) => labourPlan(engine, scope),
};

const CSV_EXPORTS = {
  'disputes.csv': { name: 'bill_audit_disputes', query: disputesQuery },
  'carrier-scorecard.csv': { name: 'carrier_scorecard', query: carrierScorecardQuery },
  'vendor-scorecard.csv': { name: 'vendor_scorecard', query: vendorScorecardQuery },
} as const;

export function productRoutes(app: Hono, read: Read): void {
  for (const [path, answer] of Object.entries(ENDPOINTS)) {
    // Validated, then answered once per build and request (the build never changes while open).
    app.get(path, async (c) =>
      c.json(
        await read((engine, { ctx, answers }) => {
          const request = parseProduct(c.req.query(), ctx);
          const key = `${path}:${JSON.stringify(request)}`;
          return answers.get(key, async () => ({ scope: request.scope, ...(await answer(engine, request)) }));
        }),
      ),
    );
  }
  app.get('/api/products/:file', async (c) => {
    const file = c.req.param('file');
    const spec = Object.hasOwn(CSV_EXPORTS, file) ? CSV_EXPORTS[file as keyof typeof CSV_EXPORTS] : undefined;
    if (!spec) return c.json({ error: `no such export: ${file} (${Object.keys(CSV_EXPORTS).join(', ')})` }, 404);
    // Validated before the response starts, so a bad parameter is still a 400.
    const { query, label } = await read(async (_, { ctx }) => {
      const { scope, month } = parseProduct(c.req.query(), ctx);
      return { query: spec.query(scope, month) as ProductQuery, label: `${spec.name}_${scope.id}_${month}` };
    });
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${label}.csv"`);
    return stream(c, (out) =>
      read(async (engine) => {
        const result = await engine.query(query.sql, [...query.params]);
        await writeCsv(result, { write: (text) => out.write(text).then(() => undefined) }, { spreadsheetSafe: true });
      }),
    );
  });
}
