/**
 * The bill audit on a hand-made fixture (./landing): every audited line, the dispute list, the
 * accrual and the monthly billing accuracy equal the rows worked out by hand in ./expected.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { repoRoot } from '../../../functions/local/workspace.js';
import { buildProduct, expectRows, type ProductWorkspace } from '../support.js';
import { accruals, auditLines, disputes, monthly } from './expected.js';

let ws: ProductWorkspace;

beforeAll(() => {
  ws = buildProduct(join(repoRoot, 'test/products/bill-audit/landing'), [
    '+bill_audit_disputes',
    '+bill_audit_monthly',
    '+fct_bill_accruals',
  ]);
}, 600_000);

afterAll(() => ws?.dispose());

describe('bill audit fixture', () => {
  it('audits every invoice line as worked by hand', () => {
    expectRows(ws.sql('select * from fct_bill_audit_lines'), auditLines, ['invoice_id', 'line_number']);
  });

  it('lists exactly the disputed lines for the vendor', () => {
    expectRows(ws.sql('select * from bill_audit_disputes'), disputes, ['invoice_id', 'line_number']);
  });

  it('accrues the measured activity no invoice bills yet', () => {
    expectRows(ws.sql('select * from fct_bill_accruals'), accruals, ['vendor_id', 'service_month', 'activity']);
  });

  it('reports billing accuracy per vendor and month', () => {
    expectRows(ws.sql('select * from bill_audit_monthly'), monthly, ['vendor_id', 'service_month']);
  });
});
