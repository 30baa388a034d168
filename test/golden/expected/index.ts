/** Every hand-worked expectation of the golden test, one module per business domain. */
import { financeExpectations } from './finance.js';
import { fulfilmentExpectations } from './fulfilment.js';
import { operationsExpectations } from './operations.js';
import { transportExpectations } from './transport.js';
import type { KpiExpectation } from './types.js';

export const expectations: KpiExpectation[] = [
  ...transportExpectations,
  ...fulfilmentExpectations,
  ...operationsExpectations,
  ...financeExpectations,
];
