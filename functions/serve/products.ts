/**
 * The data products' part of the JSON API (docs/dashboard.md): bill audit, scorecards, action
 * register and labour plan for a scope and month, and CSV downloads of the dispute list and the
 * scorecards. The SQL is functions/products/queries.ts, shared with the monthly report.
 */
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
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

type Read = <R>(work: (engine: QueryEngine, state: { ctx: ValidationContext }) => Promise<R>) => Promise<R>;

const CSV_EXPORTS = {
  'disputes.csv': { name: 'bill_audit_disputes', query: disputesQuery },
  'carrier-scorecard.csv': { name: 'carrier_scorecard', query: carrierScorecardQuery },
  'vendor-scorecard.csv': { name: 'vendor_scorecard', query: vendorScorecardQuery },
} as const;

export function productRoutes(app: Hono, read: Read): void {
  app.get('/api/products/bill-audit', async (c) =>
    c.json(
      await read((engine, { ctx }) => {
        const { scope, month } = parseProduct(c.req.query(), ctx);
        return billAudit(engine, scope, month).then((body) => ({ scope, ...body }));
      }),
    ),
  );
  app.get('/api/products/scorecards', async (c) =>
    c.json(
      await read((engine, { ctx }) => {
        const { scope, month } = parseProduct(c.req.query(), ctx);
        return scorecards(engine, scope, month).then((body) => ({ scope, ...body }));
      }),
    ),
  );
  app.get('/api/products/actions', async (c) =>
    c.json(
      await read((engine, { ctx }) => {
        const { scope, month } = parseProduct(c.req.query(), ctx);
        return actionRegister(engine, scope, month).then((body) => ({ scope, ...body }));
      }),
    ),
  );
  app.get('/api/products/labour-plan', async (c) =>
    c.json(
      await read((engine, { ctx }) => {
        const { scope } = parseProduct(c.req.query(), ctx);
        return labourPlan(engine, scope).then((body) => ({ scope, ...body }));
      }),
    ),
  );
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
