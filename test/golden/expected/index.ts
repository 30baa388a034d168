/** Every hand-worked expectation of the golden test, one module per business domain. */
import type { KpiExpectation } from './types.js';

export const expectations: KpiExpectation[] = [];
