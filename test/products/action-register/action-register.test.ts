/**
 * The action register on a hand-made fixture (./landing): actions with their open / overdue state
 * (and the overdue safety RCA), the ranked backlog, red KPIs with no action and a closed action's
 * before / after equal the rows worked out by hand in ./expected.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../../../functions/local/workspace.js';
import { buildProduct, expectRows, type ProductWorkspace } from '../support.js';
import { actions, backlog, beforeAfter, redWithoutAction, VARS } from './expected.js';

let ws: ProductWorkspace;

beforeAll(() => {
  ws = buildProduct(
    join(repoRoot, 'test/products/action-register/landing'),
    ['+action_backlog', '+kpi_red_without_action', '+action_kpi_before_after'],
    { vars: VARS },
  );
}, 1_200_000); // ingest + the KPI layer dbt builds on: minutes on a loaded 2-core machine

afterAll(() => ws?.dispose());

describe('action register fixture', () => {
  it('lists every action with its open and overdue state, the overdue RCA among them', () => {
    expectRows(ws.sql('select * from fct_actions'), actions, ['action_id']);
  });

  it('ranks the open backlog by impact per cost within each KPI', () => {
    expectRows(ws.sql('select * from action_backlog'), backlog, ['action_id']);
  });

  it('lists the red KPIs no action covers', () => {
    expectRows(ws.sql('select * from kpi_red_without_action'), redWithoutAction, ['site_id', 'kpi', 'month_start']);
  });

  it("shows a closed action's KPI before and after", () => {
    expectRows(ws.sql('select * from action_kpi_before_after'), beforeAfter, ['action_id']);
  });
});
