/** The registry of every feed contract, keyed by `<system>/<feed>`. */
import type { FeedContract } from './contract.js';
import * as erp from './erp.js';
import * as reference from './reference.js';
import * as tms from './tms.js';
import * as wfm from './wfm.js';
import * as wms from './wms.js';

export const contracts: readonly FeedContract[] = [
  erp.salesOrders,
  erp.salesOrderLines,
  erp.glCosts,
  erp.budgets,
  erp.vendorInvoices,
  erp.customerFeedback,
  wms.receipts,
  wms.orderEvents,
  wms.inventoryCounts,
  wms.palletPositions,
  wms.returns,
  wms.qualityChecks,
  tms.shipments,
  tms.carriers,
  wfm.timecards,
  wfm.shiftSchedule,
  wfm.employees,
  wfm.safetyIncidents,
  reference.sites,
  reference.kpiTargets,
  reference.kpiCommentary,
  reference.rateCards,
  reference.fxRates,
  reference.actions,
];

const byId = new Map(contracts.map((c) => [c.id, c]));

export function contractFor(system: string, feed: string): FeedContract | undefined {
  return byId.get(`${system}/${feed}`);
}

export * from './contract.js';
